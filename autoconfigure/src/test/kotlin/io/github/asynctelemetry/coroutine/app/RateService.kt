package io.github.asynctelemetry.coroutine.app

import kotlinx.coroutines.delay
import org.springframework.stereotype.Component

/**
 * Suspend functions that another bean's suspend functions call.
 *
 * @author Async Telemetry team
 */
@Component
class RateService {

	suspend fun rate(zone: String): Int {
		delay(1)
		return zone.length
	}

}
