package io.github.asynctelemetry.sample.price;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The result of a price lookup.
 *
 * @param item the item
 * @param best the lowest quote received in time, if any
 * @param suppliers how each supplier's quote ended: {@code finished}, {@code timeout},
 * {@code exception} or {@code cancelled}, the {@code state} tag of its
 * {@code future} unit
 * @author Async Telemetry team
 */
public record PriceLookup(String item, @Nullable Quote best, Map<Supplier, String> suppliers) {

}
