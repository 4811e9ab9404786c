package io.github.asynctelemetry.sample.order;

/**
 * A placed order.
 *
 * @param id the order number
 * @param customer the customer's e-mail address
 * @param item the item
 * @param quantity how many
 * @author Async Telemetry team
 */
public record Order(long id, String customer, String item, int quantity) {

}
