package io.github.asynctelemetry.sample.order;

/**
 * The confirmation e-mail sent for an order.
 *
 * @param orderId the order number
 * @param recipient the address it was sent to
 * @author Async Telemetry team
 */
public record Confirmation(long orderId, String recipient) {

}
