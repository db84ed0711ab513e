package dev.portalloc.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns SIGTERM and SIGINT into a call, so that the server can stop in an orderly way and the process
 * exit with status 0. Left to the JVM, these signals run the shutdown hooks and then end the process
 * with 128 + the signal's number (143 for SIGTERM), which process supervisors report as a failure.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every OpenJDK build),
 * reached by reflection so that a runtime without it merely falls back to the shutdown hook.
 */
final class TerminationSignals {
    private static final Logger LOG = LoggerFactory.getLogger(TerminationSignals.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private TerminationSignals() {
    }

    /**
     * Calls {@code onSignal} with the signal's name ({@code SIGTERM}, {@code SIGINT}) each time one
     * arrives, on a thread of the JVM's; it should return quickly.
     *
     * @return the signals now handled; empty when none could be (the JVM's default then applies)
     */
    static List<String> handle(Consumer<String> onSignal) {
        List<String> handled = new ArrayList<>();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Constructor<?> signalOf = signalClass.getConstructor(String.class);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object handler = Proxy.newProxyInstance(TerminationSignals.class.getClassLoader(),
                    new Class<?>[] {handlerClass}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "handle" -> {
                                onSignal.accept("SIG" + signalClass.getMethod("getName").invoke(args[0]));
                                return null;
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            default -> {
                                return "portalloc termination handler";
                            }
                        }
                    });
            for (String name : SIGNALS) {
                try {
                    handle.invoke(null, signalOf.newInstance(name), handler);
                    handled.add("SIG" + name);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // E.g. the JVM runs with -Xrs, or the signal is reserved on this platform.
                    LOG.debug("cannot handle SIG{}: {}", name, e.toString());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("signal handling is not available: {}", e.toString());
        }
        return handled;
    }
}
