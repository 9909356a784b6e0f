/**
 * The configuration: YAML through vertx-config, an immutable model of records with defaults applied, validation that reports every problem as FILE: PATH: MESSAGE, and the diff between two models. Touches no kernel.
 */
package io.ipvsdirector.config;
