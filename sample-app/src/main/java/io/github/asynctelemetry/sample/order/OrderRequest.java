package io.github.asynctelemetry.sample.order;

/**
 * A request to order an item.
 *
 * @param customer the customer's e-mail address
 * @param item the item
 * @param quantity how many
 * @author Async Telemetry team
 */
public record OrderRequest(String customer, String item, int quantity) {

}
