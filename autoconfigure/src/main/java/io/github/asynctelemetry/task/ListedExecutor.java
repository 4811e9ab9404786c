package io.github.asynctelemetry.task;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link ExecutorCoverage} knows of one executor, filled in at start-up and, for
 * what Spring uses it for, when that is known; its load is read from the executor each
 * time the entry is made ({@link ExecutorLoad}).
 *
 * @author Async Telemetry team
 */
final class ListedExecutor {

	private final @Nullable String bean;

	private final @Nullable Object executor;

	private final String type;

	private final boolean virtualThreads;

	private final ExecutorDiagnosis.Verdict verdict;

	private final @Nullable TaskCount count;

	private final Set<String> usedFor = Collections.synchronizedSet(new LinkedHashSet<>());

	ListedExecutor(@Nullable String bean, Object executor, ExecutorDiagnosis diagnosis,
			ExecutorDiagnosis.Verdict verdict, @Nullable TaskCount count) {
		this.bean = bean;
		this.executor = executor;
		this.type = ExecutorDiagnosis.typeOf(executor);
		this.virtualThreads = diagnosis.virtualThreads(executor);
		this.verdict = verdict;
		this.count = count;
	}

	ListedExecutor(@Nullable String bean, String type, boolean virtualThreads, ExecutorDiagnosis.Verdict verdict) {
		this.bean = bean;
		this.executor = null;
		this.type = type;
		this.virtualThreads = virtualThreads;
		this.verdict = verdict;
		this.count = null;
	}

	void use(String use) {
		this.usedFor.add(use);
	}

	@Nullable String bean() {
		return this.bean;
	}

	/**
	 * Return the executor itself (the pool behind the starter's proxy of a JDK pool bean),
	 * or {@code null} for one known only by its class.
	 */
	@Nullable Object executor() {
		return this.executor;
	}

	boolean covered() {
		return this.verdict.covered();
	}

	/**
	 * Return the starter's count of the executor's running tasks, or {@code null} when the
	 * starter does not count them.
	 */
	@Nullable TaskCount count() {
		return this.count;
	}

	ExecutorCoverage.Entry entry() {
		List<String> uses;
		synchronized (this.usedFor) {
			uses = this.usedFor.stream().sorted().toList();
		}
		ExecutorLoad load = (this.executor != null) ? ExecutorLoad.of(this.executor, this.count) : ExecutorLoad.UNKNOWN;
		return new ExecutorCoverage.Entry(this.bean, this.type, this.virtualThreads, this.verdict.covered(),
				this.verdict.reason(), this.verdict.action(), uses, load.active(), load.queued(), load.limit());
	}

}
