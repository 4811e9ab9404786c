package io.github.asynctelemetry.sample.price;

import java.math.BigDecimal;

/**
 * The price a supplier quoted for an item.
 *
 * @param supplier the supplier
 * @param item the item
 * @param price the unit price
 * @author Async Telemetry team
 */
public record Quote(Supplier supplier, String item, BigDecimal price) {

}
