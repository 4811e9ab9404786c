package io.github.asynctelemetry.task;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What the {@link ExecutorCoverage} knows of one executor, filled in at start-up and, for
 * what Spring uses it for, when that is known.
 *
 * @author Async Telemetry team
 */
final class ListedExecutor {

	private final @Nullable String bean;

	private final String type;

	private final boolean virtualThreads;

	private final ExecutorDiagnosis.Verdict verdict;

	private final Set<String> usedFor = Collections.synchronizedSet(new LinkedHashSet<>());

	ListedExecutor(@Nullable String bean, Object executor, ExecutorDiagnosis diagnosis,
			ExecutorDiagnosis.Verdict verdict) {
		this(bean, ExecutorDiagnosis.typeOf(executor), diagnosis.virtualThreads(executor), verdict);
	}

	ListedExecutor(@Nullable String bean, String type, boolean virtualThreads, ExecutorDiagnosis.Verdict verdict) {
		this.bean = bean;
		this.type = type;
		this.virtualThreads = virtualThreads;
		this.verdict = verdict;
	}

	void use(String use) {
		this.usedFor.add(use);
	}

	ExecutorCoverage.Entry entry() {
		List<String> uses;
		synchronized (this.usedFor) {
			uses = this.usedFor.stream().sorted().toList();
		}
		return new ExecutorCoverage.Entry(this.bean, this.type, this.virtualThreads, this.verdict.covered(),
				this.verdict.reason(), this.verdict.action(), uses);
	}

}
