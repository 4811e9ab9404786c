package io.github.asynctelemetry.sample.report;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The executor that renders reports: two threads and a queue of four, so that a burst of
 * report requests gets some of them refused ({@code rejected} task units). Like every
 * executor bean, Boot's own included, the starter instruments its submission methods.
 *
 * @author Async Telemetry team
 */
@Configuration(proxyBeanMethods = false)
class ReportConfiguration {

	@Bean
	ThreadPoolTaskExecutor reportExecutor(ThreadPoolTaskExecutorBuilder builder) {
		return builder.corePoolSize(2).maxPoolSize(2).queueCapacity(4).threadNamePrefix("report-").build();
	}

}
