package io.github.asynctelemetry.task;

import java.lang.StackWalker.StackFrame;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The naming rules of tasks (DESIGN.md section 5) that are decided from code rather
 * than given explicitly: the {@code @Scheduled} method, the user-written task class and
 * the submitting user method. Every rule caches its result, so that the strings of a
 * name are built once per class, method or scheduled method.
 * <p>
 * The submitting method is found by walking the submitting thread's stack with a
 * {@link StackWalker}, from the decorator towards the caller, skipping frames of the
 * JDK, Spring, Micrometer, OpenTelemetry, Reactor, Kotlin and this starter, CGLIB and
 * proxy classes. The walk stops at the first user frame and at most after
 * {@value #MAX_FRAMES} frames; a frame {@code lambda$submitReport$0} of
 * {@code OrderService} stands for {@code OrderService.submitReport}. It costs one
 * {@code StackWalker} walk over the frames between the executor and the caller (usually
 * fewer than fifteen; about 1.5 microseconds per task on JDK 17, most of it the walker's
 * fixed set-up) plus two cached lookups, and is skipped when an explicit name or a task
 * class already names the task.
 *
 * @author Async Telemetry team
 */
final class TaskNaming {

	/**
	 * The most frames looked at when searching the submitting method.
	 */
	static final int MAX_FRAMES = 64;

	private static final StackWalker walker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	private static final String[] INFRASTRUCTURE_PREFIXES = { "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
			"org.springframework.", "io.micrometer.", "io.opentelemetry.", "reactor.", "kotlin.", "kotlinx.",
			"io.github.asynctelemetry.task.", "io.github.asynctelemetry.method.", "io.github.asynctelemetry.future.",
			"io.github.asynctelemetry.unit.", "io.github.asynctelemetry.tracing.",
			"io.github.asynctelemetry.autoconfigure.", "io.github.asynctelemetry.names." };

	private static final String SCHEDULING_REGISTRAR_CLASS = "org.springframework.scheduling.config.ScheduledTaskRegistrar";

	private static final String RESCHEDULING_RUNNABLE_CLASS = "org.springframework.scheduling.concurrent.ReschedulingRunnable";

	private static final ClassValue<FrameKind> frameKinds = new ClassValue<>() {

		@Override
		protected FrameKind computeValue(Class<?> type) {
			return FrameKind.of(type);
		}

	};

	private final TaskUnits units;

	private final TaskName fallback;

	private final TaskName scheduling;

	private final TaskName inherited;

	private final ClassValue<Optional<TaskName>> taskClassNames = new ClassValue<>() {

		@Override
		protected Optional<TaskName> computeValue(Class<?> type) {
			String simpleName = userSimpleName(type);
			return (simpleName != null) ? Optional.of(new TaskName(units().unit(simpleName), NameSource.TASK_CLASS))
					: Optional.empty();
		}

	};

	private final ClassValue<Map<String, Optional<TaskName>>> submitterNames = new ClassValue<>() {

		@Override
		protected Map<String, Optional<TaskName>> computeValue(Class<?> type) {
			return new ConcurrentHashMap<>();
		}

	};

	private final Map<Method, TaskName> scheduledNames = new ConcurrentHashMap<>();

	TaskNaming(TaskUnits units) {
		this.units = units;
		TaskUnit fallbackUnit = units.fallback();
		this.fallback = new TaskName(fallbackUnit, NameSource.FALLBACK);
		this.scheduling = new TaskName(fallbackUnit, NameSource.SCHEDULING);
		this.inherited = new TaskName(fallbackUnit, NameSource.INHERITED);
	}

	private TaskUnits units() {
		return this.units;
	}

	/**
	 * Return the name given explicitly through {@link AsyncTasks}.
	 * @param name the explicit name
	 * @return the task name, subject to the cap
	 */
	TaskName explicit(String name) {
		return new TaskName(this.units.unit(name), NameSource.EXPLICIT);
	}

	/**
	 * Return the name of a task whose class is user-written, for example
	 * {@code ReportRenderer}; never for lambdas, anonymous classes, proxies or classes
	 * of the JDK, Spring and the other skipped libraries. Cached per class.
	 * @param taskClass the class of the submitted task
	 * @return the name, or {@code null} if the class is not a user class
	 */
	@Nullable TaskName taskClass(Class<?> taskClass) {
		return this.taskClassNames.get(taskClass).orElse(null);
	}

	/**
	 * Return the name of a run of a {@code @Scheduled} method,
	 * {@code SimpleClassName.method}. Cached per method.
	 * @param targetClass the user class of the scheduled bean
	 * @param method the scheduled method
	 * @return the name
	 */
	TaskName scheduled(Class<?> targetClass, Method method) {
		TaskName name = this.scheduledNames.get(method);
		if (name == null) {
			name = this.scheduledNames.computeIfAbsent(method, (key) -> new TaskName(
					this.units.unit(simpleName(targetClass) + "." + key.getName()), NameSource.SCHEDULED));
		}
		return name;
	}

	/**
	 * Return the name of a task after the user method that is submitting it on the
	 * calling thread. Returns a name from {@link NameSource#SCHEDULING} when Spring's
	 * scheduling registrar is submitting, {@link NameSource#INHERITED} when Spring
	 * reschedules a trigger task from inside its running previous execution, and the
	 * fallback name when no user frame is found within {@value #MAX_FRAMES} frames.
	 * @return the name
	 */
	TaskName submitter() {
		return walker.walk(this::findSubmitter);
	}

	private TaskName findSubmitter(Stream<StackFrame> frames) {
		Iterator<StackFrame> iterator = frames.iterator();
		for (int depth = 0; depth < MAX_FRAMES && iterator.hasNext(); depth++) {
			StackFrame frame = iterator.next();
			Class<?> type = frame.getDeclaringClass();
			switch (frameKinds.get(type)) {
				case USER -> {
					TaskName name = submitterName(type, frame.getMethodName());
					if (name != null) {
						return name;
					}
				}
				case SCHEDULING_REGISTRAR -> {
					return this.scheduling;
				}
				case RESCHEDULING -> {
					if ("run".equals(frame.getMethodName()) && TaskRun.current() != null) {
						return this.inherited;
					}
				}
				case INFRASTRUCTURE -> {
				}
			}
		}
		return this.fallback;
	}

	private @Nullable TaskName submitterName(Class<?> type, String methodName) {
		Map<String, Optional<TaskName>> names = this.submitterNames.get(type);
		Optional<TaskName> name = names.get(methodName);
		if (name == null) {
			name = names.computeIfAbsent(methodName, (key) -> {
				String method = userMethodName(key);
				return (method != null)
						? Optional.of(new TaskName(this.units.unit(simpleName(type) + "." + method), NameSource.SUBMITTER))
						: Optional.empty();
			});
		}
		return name.orElse(null);
	}

	/**
	 * Return the name of the source method a frame's method stands for: the enclosing
	 * method of a lambda body, {@code new} for constructors, {@code static} for static
	 * initializers, or {@code null} for synthetic accessors.
	 */
	private static @Nullable String userMethodName(String methodName) {
		if (methodName.startsWith("lambda$")) {
			int end = methodName.indexOf('$', 7);
			return userMethodName((end > 7) ? methodName.substring(7, end) : methodName.substring(7));
		}
		if (methodName.startsWith("access$")) {
			return null;
		}
		return switch (methodName) {
			case "<init>" -> "new";
			case "<clinit>" -> "static";
			default -> methodName;
		};
	}

	private static String simpleName(Class<?> type) {
		Class<?> named = ClassUtils.getUserClass(type);
		while (named.isAnonymousClass() && named.getEnclosingClass() != null) {
			named = named.getEnclosingClass();
		}
		return named.getSimpleName();
	}

	private static @Nullable String userSimpleName(Class<?> taskClass) {
		Class<?> type = ClassUtils.getUserClass(taskClass);
		if (isInfrastructure(type) || type.isAnonymousClass() || type.getSimpleName().isEmpty()) {
			return null;
		}
		return type.getSimpleName();
	}

	private static boolean isInfrastructure(Class<?> type) {
		if (type.isHidden() || type.isSynthetic() || Proxy.isProxyClass(type) || type.getName().contains("$$")) {
			return true;
		}
		String name = type.getName();
		for (String prefix : INFRASTRUCTURE_PREFIXES) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private enum FrameKind {

		USER, INFRASTRUCTURE, SCHEDULING_REGISTRAR, RESCHEDULING;

		static FrameKind of(Class<?> type) {
			String name = type.getName();
			if (SCHEDULING_REGISTRAR_CLASS.equals(name)) {
				return SCHEDULING_REGISTRAR;
			}
			if (RESCHEDULING_RUNNABLE_CLASS.equals(name)) {
				return RESCHEDULING;
			}
			return isInfrastructure(type) ? INFRASTRUCTURE : USER;
		}

	}

}
