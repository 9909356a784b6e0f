package io.ipvsdirector.config;

/** The kinds of health check; each has one class in the health package. */
public enum CheckType implements Spelled {
    TCP("tcp"), HTTP("http"), HTTPS("https"), UDP("udp"), DNS("dns"), EXEC("exec"), FILE("file"), NONE("none");

    private final String spelling;

    CheckType(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    @Override
    public String toString() {
        return spelling;
    }
}
