package io.github.asynctelemetry.task;

import java.lang.StackWalker.StackFrame;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.asynctelemetry.lifecycle.UnitLifecycle;
import io.github.asynctelemetry.lifecycle.UnitSource;
import io.github.asynctelemetry.names.ApplicationPackages;
import io.github.asynctelemetry.names.NameSelector;
import io.github.asynctelemetry.names.UnitNames;
import io.github.asynctelemetry.unit.AsyncUnitDocumentation;
import io.github.asynctelemetry.unit.UnitType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Names tasks when they are submitted (DESIGN.md section 5), once per class where the
 * class decides the name, and gives each name its unit. The rules, first that applies:
 * <ol>
 * <li>an explicit name ({@link AsyncTasks});</li>
 * <li>{@code SimpleClassName.method} of a {@code @Scheduled} method, read from the
 * description Spring gives its scheduled runnable (the one Spring Boot's
 * {@code scheduledtasks} endpoint shows), once per registration; another task that
 * Spring's scheduling registrar schedules (a lambda added to the registrar) is
 * {@value AsyncUnitDocumentation#TASK_FALLBACK_NAME}, as it is Spring that submits it;</li>
 * <li>the simple name of a task class of the application's packages, once per
 * class;</li>
 * <li>the application method that submitted the task, as {@code SimpleClassName.method}:
 * for a lambda or an anonymous class of the application, found once per class by a
 * walk of the submitting stack and cached; for a task that the JDK or Spring hides in a
 * wrapper ({@code FutureTask}, the tasks of {@code CompletableFuture.supplyAsync}),
 * found by a walk per task, bounded to {@value #MAX_FRAMES} frames;</li>
 * <li>otherwise {@value AsyncUnitDocumentation#TASK_FALLBACK_NAME}.</li>
 * </ol>
 * A frame names a task only when its class lies in the application's packages; the
 * starter's own frames are passed over. (A task that carries an {@code @Async} method
 * call never reaches the names: the {@code @Async} instrumentation hands it over as the
 * call's, see {@code AsyncCallHandOff}.)
 * <p>
 * The decisions per class are kept in {@link ClassValue}s, which hold no strong
 * reference to the class: a class of a class loader that goes away (generated,
 * plugin or per-tenant code) is freed as without the starter.
 * <p>
 * The first {@code maxNames} distinct names get their own unit; further names share
 * {@value AsyncUnitDocumentation#TASK_OVERFLOW_NAME} and a single warning is logged. The
 * trace decision is taken once per admitted name.
 *
 * @author Async Telemetry team
 */
final class TaskNames {

	/**
	 * The most frames looked at when searching the submitting method.
	 */
	static final int MAX_FRAMES = 64;

	private static final Log logger = LogFactory.getLog(TaskNames.class);

	private static final StackWalker walker = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

	/**
	 * The starter's classes that stand between the submitter and the walk.
	 */
	private static final Set<Class<?>> OWN_FRAMES = Set.of(TaskNames.class, TaskInstrumentation.class,
			ExecutorInstrumentationPostProcessor.class, AsyncTasks.class);

	/**
	 * Marks a class whose tasks are named by a walk per task.
	 */
	private static final Object WALK_PER_TASK = new Object();

	/**
	 * Marks a class of tasks named explicitly ({@link AsyncTasks}), one name per task.
	 */
	private static final Object NAMED = new Object();

	/**
	 * Marks a class of Spring's scheduled runnables, named per registration.
	 */
	private static final Object SCHEDULED = new Object();

	private final UnitLifecycle lifecycle;

	private final NameSelector selector;

	private final int maxNames;

	private final ApplicationPackages application;

	private final Map<String, UnitSource> units = new ConcurrentHashMap<>();

	private final ClassValue<Object> byClass = new ClassValue<>() {

		@Override
		protected Object computeValue(Class<?> type) {
			return classify(type);
		}

	};

	private final ClassValue<Map<String, UnitSource>> byFrame = new ClassValue<>() {

		@Override
		protected Map<String, UnitSource> computeValue(Class<?> type) {
			return new ConcurrentHashMap<>();
		}

	};

	private final AtomicInteger admitted = new AtomicInteger();

	private final AtomicBoolean warned = new AtomicBoolean();

	private final UnitSource overflow;

	private final UnitSource fallback;

	TaskNames(UnitLifecycle lifecycle, NameSelector selector, int maxNames, ApplicationPackages application) {
		this.lifecycle = lifecycle;
		this.selector = selector;
		this.maxNames = maxNames;
		this.application = application;
		this.overflow = create(AsyncUnitDocumentation.TASK_OVERFLOW_NAME);
		this.fallback = create(AsyncUnitDocumentation.TASK_FALLBACK_NAME);
	}

	/**
	 * Return the unit of a task being submitted on the calling thread.
	 * @param task the submitted {@code Runnable} or {@code Callable}
	 * @return the unit
	 */
	UnitSource unitOf(Object task) {
		Object known = this.byClass.get(task.getClass());
		if (known instanceof UnitSource unit) {
			return unit;
		}
		if (known == WALK_PER_TASK) {
			return submitter();
		}
		if (known == NAMED) {
			return unit(((AsyncTasks.NamedTask) task).taskName());
		}
		String scheduled = SpringTaskShapes.scheduledName(task.toString());
		return (scheduled != null) ? unit(scheduled) : this.fallback;
	}

	/**
	 * Decide, once per class, what names the tasks of that class: the class itself
	 * (its unit), or a marker for the work to do per task.
	 */
	private Object classify(Class<?> type) {
		if (AsyncTasks.NamedTask.class.isAssignableFrom(type)) {
			return NAMED;
		}
		if (SpringTaskShapes.isScheduledRun(type)) {
			return SCHEDULED;
		}
		Class<?> userType = ClassUtils.getUserClass(type);
		if (!this.application.contains(userType)) {
			return WALK_PER_TASK;
		}
		if (UnitNames.isGenerated(userType) || userType.isAnonymousClass() || userType.getSimpleName().isEmpty()) {
			return submitter();
		}
		return unit(UnitNames.of(userType));
	}

	/**
	 * Whether a unit is the one of tasks that nothing names.
	 * @param unit a unit
	 * @return whether it is the fallback unit
	 */
	boolean isFallback(UnitSource unit) {
		return unit == this.fallback;
	}

	/**
	 * Return the unit of a name, or the overflow unit past the cap.
	 * @param name the task name
	 * @return the unit
	 */
	UnitSource unit(String name) {
		UnitSource unit = this.units.get(name);
		if (unit != null) {
			return unit;
		}
		if (this.admitted.get() >= this.maxNames) {
			return overflow();
		}
		unit = this.units.computeIfAbsent(name,
				(key) -> (this.admitted.incrementAndGet() <= this.maxNames) ? create(key) : null);
		return (unit != null) ? unit : overflow();
	}

	private UnitSource create(String name) {
		return this.lifecycle.source(UnitType.TASK, name, this.selector.selectsName(name));
	}

	private UnitSource overflow() {
		if (this.warned.compareAndSet(false, true)) {
			logger.warn("More than " + this.maxNames + " distinct task names were seen; further task names are "
					+ "recorded as '" + AsyncUnitDocumentation.TASK_OVERFLOW_NAME + "'. Give tasks fewer distinct names "
					+ "or raise 'otel.instrumentation.async.max-task-names'.");
		}
		return this.overflow;
	}

	/**
	 * Return the unit named after the application method submitting on the calling
	 * thread, or the fallback unit when there is none.
	 */
	private UnitSource submitter() {
		return walker.walk(this::findSubmitter);
	}

	private UnitSource findSubmitter(Stream<StackFrame> frames) {
		Iterator<StackFrame> iterator = frames.iterator();
		for (int depth = 0; depth < MAX_FRAMES && iterator.hasNext(); depth++) {
			StackFrame frame = iterator.next();
			Class<?> type = frame.getDeclaringClass();
			if (OWN_FRAMES.contains(type.getNestHost()) || ClassUtils.getUserClass(type) != type) {
				continue;
			}
			if (this.application.contains(type)) {
				UnitSource unit = frameUnit(type, frame.getMethodName());
				if (unit != null) {
					return unit;
				}
			}
		}
		return this.fallback;
	}

	private @Nullable UnitSource frameUnit(Class<?> type, String methodName) {
		Map<String, UnitSource> names = this.byFrame.get(type);
		UnitSource unit = names.get(methodName);
		if (unit == null) {
			String method = sourceMethodName(methodName);
			if (method == null) {
				return null;
			}
			unit = names.computeIfAbsent(methodName, (key) -> unit(UnitNames.of(type, method)));
		}
		return unit;
	}

	/**
	 * Return the name of the source method a frame's method stands for: the enclosing
	 * method of a lambda body, {@code new} for constructors, {@code static} for static
	 * initializers, or {@code null} for synthetic accessors.
	 */
	private static @Nullable String sourceMethodName(String methodName) {
		if (methodName.startsWith("lambda$")) {
			int end = methodName.indexOf('$', 7);
			return sourceMethodName((end > 7) ? methodName.substring(7, end) : methodName.substring(7));
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

}
