package io.ipvsdirector.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the namespace tier: it builds network namespaces joined by veth pairs and bridges, which
 * needs root. Without root it is skipped with "skipped: needs root".
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("namespace")
@ExtendWith(RootCondition.class)
public @interface NamespaceTest {
}
