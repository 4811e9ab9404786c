package io.github.asynctelemetry.observed;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.github.asynctelemetry.testsupport.UnitCounts;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classes of the application that submit tasks, defined at run time in class loaders
 * that are then dropped (Groovy scripts, compiled SpEL, plugin or per-tenant class
 * loaders), are collected with their class loader: the starter keeps no strong reference
 * to a task class or a submitting class (STYLE.md guideline 15).
 *
 * @author Async Telemetry team
 */
class ClassUnloadingTests {

	private static final int LOADERS = 200;

	private static final String PACKAGE = "com.example.generated";

	@TempDir
	static Path work;

	private static Path classes;

	private final ApplicationContextRunner contextRunner = ObservedContexts.withStarter()
		.withUserConfiguration(GeneratedApplication.class);

	@BeforeAll
	static void compileGeneratedClasses() throws IOException {
		classes = Files.createDirectories(work.resolve("classes"));
		Path sources = Files.createDirectories(work.resolve("sources"));
		Path task = sources.resolve("GeneratedTask.java");
		Files.writeString(task, """
				package com.example.generated;

				import java.util.concurrent.CountDownLatch;
				import java.util.concurrent.Executor;

				public class GeneratedTask implements Runnable {

					private final CountDownLatch done;

					public GeneratedTask(CountDownLatch done) {
						this.done = done;
					}

					@Override
					public void run() {
						this.done.countDown();
					}

					public static void submit(Executor executor, CountDownLatch done) {
						executor.execute(new GeneratedTask(done));
					}

				}
				""");
		Path submitter = sources.resolve("GeneratedSubmitter.java");
		Files.writeString(submitter, """
				package com.example.generated;

				import java.util.concurrent.CountDownLatch;
				import java.util.concurrent.Executor;

				public class GeneratedSubmitter {

					public static void submit(Executor executor, CountDownLatch done) {
						executor.execute(() -> done.countDown());
					}

				}
				""");
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int status = compiler.run(null, null, null, "--release", "17", "-d", classes.toString(), task.toString(),
				submitter.toString());
		assertThat(status).as("javac exit status").isZero();
	}

	@Test
	void taskClassesOfDroppedClassLoadersAreCollected() {
		this.contextRunner.run((context) -> assertCollected(context, "GeneratedTask", "GeneratedTask"));
	}

	@Test
	void classesThatSubmitLambdasFromDroppedClassLoadersAreCollected() {
		this.contextRunner
			.run((context) -> assertCollected(context, "GeneratedSubmitter", "GeneratedSubmitter.submit"));
	}

	@Test
	void withoutTheStarterTheGeneratedClassesAreCollectedSoTheTestCanTell() {
		ObservedContexts.withoutStarter().run((context) -> {
			Executor executor = context.getBean("applicationTaskExecutor", Executor.class);
			List<WeakReference<ClassLoader>> loaders = submitFromThrowawayLoaders(executor, "GeneratedSubmitter");
			assertThat(collected(loaders)).isGreaterThanOrEqualTo(LOADERS * 9 / 10);
		});
	}

	private static void assertCollected(AssertableApplicationContext context, String className, String taskName)
			throws Exception {
		assertThat(context).hasNotFailed();
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		UnitCounts counts = UnitCounts.since(registry);
		Executor executor = context.getBean("applicationTaskExecutor", Executor.class);
		List<WeakReference<ClassLoader>> loaders = submitFromThrowawayLoaders(executor, className);
		counts.awaitCount("task", taskName, "finished", LOADERS);
		assertThat(collected(loaders)).as("class loaders collected of %d", LOADERS)
			.isGreaterThanOrEqualTo(LOADERS * 9 / 10);
	}

	/**
	 * Load the class in a new class loader per round and have it submit one task, wait
	 * for the task, then drop the class loader.
	 */
	private static List<WeakReference<ClassLoader>> submitFromThrowawayLoaders(Executor executor, String className)
			throws Exception {
		List<WeakReference<ClassLoader>> loaders = new ArrayList<>(LOADERS);
		for (int i = 0; i < LOADERS; i++) {
			loaders.add(new WeakReference<>(submitFromThrowawayLoader(executor, className)));
		}
		return loaders;
	}

	private static ClassLoader submitFromThrowawayLoader(Executor executor, String className) throws Exception {
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				ClassLoader.getPlatformClassLoader())) {
			Method submit = loader.loadClass(PACKAGE + "." + className)
				.getMethod("submit", Executor.class, CountDownLatch.class);
			CountDownLatch done = new CountDownLatch(1);
			submit.invoke(null, executor, done);
			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			return loader;
		}
	}

	/**
	 * Return how many of the class loaders are collected, after up to 20 rounds of
	 * {@code System.gc()} with some allocation between them.
	 */
	private static int collected(List<WeakReference<ClassLoader>> loaders) {
		for (int round = 0; round < 20 && cleared(loaders) < loaders.size(); round++) {
			System.gc();
			byte[][] pressure = new byte[64][];
			for (int i = 0; i < pressure.length; i++) {
				pressure[i] = new byte[256 * 1024];
			}
			System.gc();
		}
		return cleared(loaders);
	}

	private static int cleared(List<WeakReference<ClassLoader>> loaders) {
		return (int) loaders.stream().filter((loader) -> loader.get() == null).count();
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackages = PACKAGE)
	static class GeneratedApplication {

	}

}
