package io.ipvsdirector.config;

/** The kinds of health check; each has one class in the health package. */
public enum CheckType implements Spelled {
    TCP, HTTP, HTTPS, UDP, DNS, SMTP, PING, EXEC, FILE, NONE;

    @Override
    public String toString() {
        return spelling();
    }
}
