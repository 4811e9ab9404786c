package com.example.observed;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/**
 * Makes {@code com.example.observed} the application's package, so that the classes of
 * this package name their units and their tasks.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class ObservedApplication {

}
