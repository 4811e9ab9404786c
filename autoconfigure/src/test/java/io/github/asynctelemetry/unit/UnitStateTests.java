package io.github.asynctelemetry.unit;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import io.github.asynctelemetry.unit.UnitState;
import io.github.asynctelemetry.unit.UnitType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AsyncUnitDocumentation}.
 *
 * @author Async Telemetry team
 */
class UnitStateTests {

	@Test
	void noFailureIsFinished() {
		assertThat(UnitState.of(null)).isEqualTo(UnitState.FINISHED);
	}

	@Test
	void plainExceptionIsException() {
		assertThat(UnitState.of(new IllegalStateException("boom"))).isEqualTo(UnitState.EXCEPTION);
		assertThat(UnitState.of(new Error("boom"))).isEqualTo(UnitState.EXCEPTION);
	}

	@Test
	void cancellationIsCancelled() {
		assertThat(UnitState.of(new CancellationException())).isEqualTo(UnitState.CANCELLED);
	}

	@Test
	void cancellationWrappedInCompletionExceptionIsCancelled() {
		assertThat(UnitState.of(new CompletionException(new CancellationException()))).isEqualTo(UnitState.CANCELLED);
	}

	@Test
	void timeoutIsTimeout() {
		assertThat(UnitState.of(new TimeoutException())).isEqualTo(UnitState.TIMEOUT);
	}

	@Test
	void timeoutWrappedInExecutionExceptionIsTimeout() {
		assertThat(UnitState.of(new ExecutionException(new TimeoutException()))).isEqualTo(UnitState.TIMEOUT);
	}

	@Test
	void timeoutWrappedTwiceIsTimeout() {
		assertThat(UnitState.of(new CompletionException(new ExecutionException(new TimeoutException()))))
			.isEqualTo(UnitState.TIMEOUT);
	}

	@Test
	void rejectionIsRejected() {
		assertThat(UnitState.of(new RejectedExecutionException("queue full"))).isEqualTo(UnitState.REJECTED);
	}

	@Test
	void plainExceptionWrappedInCompletionExceptionIsException() {
		assertThat(UnitState.of(new CompletionException(new IllegalStateException("boom"))))
			.isEqualTo(UnitState.EXCEPTION);
	}

	@Test
	void wrapperWithoutCauseIsException() {
		assertThat(UnitState.of(new CompletionException("no cause", null))).isEqualTo(UnitState.EXCEPTION);
	}

	@Test
	void unwrapReturnsTheInnermostCauseOfTheWrappers() {
		IllegalStateException cause = new IllegalStateException("boom");
		assertThat(UnitState.unwrap(new CompletionException(new ExecutionException(cause)))).isSameAs(cause);
		assertThat(UnitState.unwrap(cause)).isSameAs(cause);
	}

	@Test
	void unwrapDoesNotLookThroughOtherExceptions() {
		IllegalStateException wrapper = new IllegalStateException(new TimeoutException());
		assertThat(UnitState.unwrap(wrapper)).isSameAs(wrapper);
		assertThat(UnitState.of(wrapper)).isEqualTo(UnitState.EXCEPTION);
	}

	@Test
	void statesHaveTheContractTagValues() {
		assertThat(UnitState.values()).extracting(UnitState::tagValue)
			.containsExactly("finished", "exception", "cancelled", "timeout", "rejected");
	}

	@Test
	void typesHaveTheContractTagValuesAndSpanNames() {
		assertThat(UnitType.values()).extracting(UnitType::tagValue)
			.containsExactly("async_method", "task", "future", "coroutine");
		assertThat(UnitType.ASYNC_METHOD.spanName("OrderService.sendEmail")).isEqualTo("async OrderService.sendEmail");
		assertThat(UnitType.TASK.spanName("report-render")).isEqualTo("task report-render");
		assertThat(UnitType.FUTURE.spanName("PriceService.quote")).isEqualTo("future PriceService.quote");
		assertThat(UnitType.COROUTINE.spanName("ShippingService.quote")).isEqualTo("coroutine ShippingService.quote");
	}

	@Test
	void meterNamesTagKeysAndAttributesAreTheContractOnes() {
		assertThat(AsyncUnitDocumentation.DURATION_METER).isEqualTo("asyncio.process.duration");
		assertThat(AsyncUnitDocumentation.COUNT_METER).isEqualTo("asyncio.process.count");
		assertThat(AsyncUnitDocumentation.TYPE_TAG).isEqualTo("type");
		assertThat(AsyncUnitDocumentation.NAME_TAG).isEqualTo("name");
		assertThat(AsyncUnitDocumentation.STATE_TAG).isEqualTo("state");
		assertThat(AsyncUnitDocumentation.TYPE_ATTRIBUTE).isEqualTo("asyncio.type");
		assertThat(AsyncUnitDocumentation.NAME_ATTRIBUTE).isEqualTo("asyncio.name");
		assertThat(AsyncUnitDocumentation.STATE_ATTRIBUTE).isEqualTo("asyncio.state");
	}

}
