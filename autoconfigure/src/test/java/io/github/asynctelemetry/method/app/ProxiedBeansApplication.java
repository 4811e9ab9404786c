package io.github.asynctelemetry.method.app;

import java.util.concurrent.CompletableFuture;

import io.github.asynctelemetry.testsupport.InMemoryTelemetry;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.map.repository.config.EnableMapRepositories;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * An application whose {@code @Async} methods are called on beans that are proxies of
 * an interface, without a class of the application behind them: a Spring Data
 * repository and a proxy without a target.
 *
 * @author Async Telemetry team
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@EnableMapRepositories
@Import(InMemoryTelemetry.class)
public class ProxiedBeansApplication {

	@Bean
	Greeter greeter() {
		ProxyFactory proxyFactory = new ProxyFactory();
		proxyFactory.addInterface(Greeter.class);
		proxyFactory.addAdvice((MethodInterceptor) (invocation) -> CompletableFuture
			.completedFuture("hello " + invocation.getArguments()[0]));
		return (Greeter) proxyFactory.getProxy(ProxiedBeansApplication.class.getClassLoader());
	}

}
