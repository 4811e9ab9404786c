package io.github.asynctelemetry.task;

import java.util.Map;

import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;

/**
 * An application's own decorator: copies the submitter's MDC to the worker thread and
 * clears it afterwards.
 */
public class MdcCopyingTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		Map<String, String> submitterMdc = MDC.getCopyOfContextMap();
		return () -> {
			if (submitterMdc != null) {
				MDC.setContextMap(submitterMdc);
			}
			try {
				runnable.run();
			}
			finally {
				MDC.clear();
			}
		};
	}

}
