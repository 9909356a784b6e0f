package io.ipvsdirector.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A kernel-tier test class: it needs a kernel with IPVS and runs as root with the table to itself.
 * Where the JVM already runs in such a place (inside ipvs-lab, or in the sandbox this sets up), the
 * tests run as usual. Elsewhere the whole class runs once in a child JVM inside a sandbox: a
 * throwaway network namespace when this machine's kernel has IPVS, else ipvs-lab (a User-Mode Linux
 * kernel with IPVS); each test then reports the sandbox's verdict. With neither, the class is
 * skipped with "skipped: no IPVS kernel". See docs/testing.md.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel")
@ExtendWith(IpvsSandboxExtension.class)
public @interface IpvsKernelTest {
    /** How long the whole class may run in the sandbox, boot and JVM start included. */
    int timeoutSeconds() default 300;
}
