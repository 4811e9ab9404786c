package com.example.observed;

/**
 * An application event.
 *
 * @param order the order id
 */
public record OrderPlaced(String order) {

}
