package com.example.jobs;

import java.util.concurrent.ThreadPoolExecutor;

import com.example.orders.OrderService;
import io.github.asynctelemetry.testsupport.InMemoryTelemetry;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.samples.petclinic.visits.VisitReminders;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * An application shaped like a real one: Spring Boot's executor and scheduler,
 * {@code @Async} methods, {@code @Scheduled} jobs, and application code in several
 * packages, one of them under {@code org.springframework}.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
@AutoConfigurationPackage(basePackageClasses = { JobsApplication.class, OrderService.class, VisitReminders.class })
@Import(InMemoryTelemetry.class)
public class JobsApplication {

	/**
	 * The executor of {@link InlineService}: one thread, no queue, and a policy that runs
	 * refused tasks in the caller.
	 * @return the executor
	 */
	@Bean
	ThreadPoolTaskExecutor callerRunsExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setQueueCapacity(0);
		executor.setThreadNamePrefix("caller-runs-");
		executor.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
		return executor;
	}

}
