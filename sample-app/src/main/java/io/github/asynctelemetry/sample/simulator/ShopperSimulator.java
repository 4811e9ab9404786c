package io.github.asynctelemetry.sample.simulator;

import java.time.YearMonth;

import io.github.asynctelemetry.sample.order.CheckoutService;
import io.github.asynctelemetry.sample.order.OrderRequest;
import io.github.asynctelemetry.sample.price.PriceService;
import io.github.asynctelemetry.sample.report.ReportService;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A shopper who visits the shop shortly after start-up and then at a fixed delay, so
 * that every unit type and every state shows in the meters without a single request:
 * two orders (one with an address the confirmation cannot be sent to), a price lookup
 * (finished, timeout, exception and cancelled quotes), and report requests (one rendered,
 * one failing, and a burst the report executor partly refuses). Each visit is itself a
 * {@code task} unit, {@code ShopperSimulator.visit}: the run of a {@code @Scheduled}
 * method. Turn it off with {@code sample.simulator.enabled=false}.
 *
 * @author Async Telemetry team
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.simulator.enabled", matchIfMissing = true)
public class ShopperSimulator {

	private static final int BURST = 8;

	private final CheckoutService checkout;

	private final PriceService prices;

	private final ReportService reports;

	public ShopperSimulator(CheckoutService checkout, PriceService prices, ReportService reports) {
		this.checkout = checkout;
		this.prices = prices;
		this.reports = reports;
	}

	@Scheduled(initialDelayString = "${sample.simulator.initial-delay:1s}",
			fixedDelayString = "${sample.simulator.delay:10s}")
	public void visit() {
		this.checkout.checkout(new OrderRequest("ada@example.com", "coffee", 2));
		this.checkout.checkout(new OrderRequest("bob.example.com", "tea", 1));
		this.prices.lookup("coffee");
		YearMonth lastMonth = YearMonth.now().minusMonths(1);
		this.reports.request(lastMonth, 1);
		this.reports.request(lastMonth.plusYears(1), 1);
		this.reports.request(lastMonth, BURST);
	}

}
