package io.github.asynctelemetry.samplekotlin

import java.net.ConnectException
import java.net.ServerSocket
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.TimeUnit
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility
import org.awaitility.core.ConditionFactory

/**
 * The repackaged Kotlin sample jar, started with `java -jar` on a free port as a
 * separate process, for the integration tests that run after `package`.
 *
 * @author Async Telemetry team
 */
class SampleKotlinJar private constructor(private val process: Process, private val log: Path, val port: Int) :
		AutoCloseable {

	private val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()

	/**
	 * Return an await of at most the start-up timeout that fails fast when the jar exits.
	 */
	fun await(): ConditionFactory = Awaitility.await()
		.atMost(STARTUP_TIMEOUT)
		.pollInterval(Duration.ofMillis(500))
		.failFast("the sample jar exited; its log is in the test output", Callable { !process.isAlive })

	/**
	 * Send a GET request; `null` while the application does not listen yet.
	 */
	fun get(path: String): HttpResponse<String>? = try {
		http.send(HttpRequest.newBuilder(URI.create("http://localhost:$port$path")).timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString())
	}
	catch (ex: ConnectException) {
		null
	}

	/**
	 * Return what the jar has logged so far.
	 */
	fun output(): String = Files.readString(log)

	/**
	 * Stop the jar and delete its log, printing the log first when the jar had exited by
	 * itself.
	 */
	override fun close() {
		if (!process.isAlive) {
			println("The sample jar exited with ${process.exitValue()}:\n${output()}")
		}
		process.destroy()
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)
		}
		Files.deleteIfExists(log)
	}

	companion object {

		private val STARTUP_TIMEOUT = Duration.ofSeconds(90)

		/**
		 * Start the jar with the given application arguments.
		 */
		fun start(vararg arguments: String): SampleKotlinJar {
			val jar = Paths.get(System.getProperty("sample.jar", "target/async-telemetry-sample-kotlin-0.1.0-SNAPSHOT.jar"))
			assertThat(jar).describedAs("the repackaged jar (run 'package' first)").isRegularFile()
			val port = ServerSocket(0).use { it.localPort }
			val log = Files.createTempFile("sample-kotlin-jar", ".log")
			val java = Paths.get(System.getProperty("java.home"), "bin", "java").toString()
			val process = ProcessBuilder(listOf(java, "-jar", jar.toString(), "--server.port=$port") + arguments)
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start()
			return SampleKotlinJar(process, log, port)
		}

	}

}
