package io.github.asynctelemetry.method.app;

import org.springframework.data.annotation.Id;

/**
 * An entity kept in a Spring Data map repository.
 *
 * @author Async Telemetry team
 */
public class Customer {

	@Id
	private String id;

	private String city;

	public Customer(String id, String city) {
		this.id = id;
		this.city = city;
	}

	public String getId() {
		return this.id;
	}

	public String getCity() {
		return this.city;
	}

}
