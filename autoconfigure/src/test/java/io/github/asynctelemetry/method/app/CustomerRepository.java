package io.github.asynctelemetry.method.app;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.data.repository.CrudRepository;
import org.springframework.scheduling.annotation.Async;

/**
 * A Spring Data repository with an {@code @Async} query method: its bean is a JDK proxy
 * of this interface around a library class, and {@code @Async} proxies that proxy again.
 *
 * @author Async Telemetry team
 */
public interface CustomerRepository extends CrudRepository<Customer, String> {

	@Async
	CompletableFuture<List<Customer>> findByCity(String city);

}
