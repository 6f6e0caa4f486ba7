package dev.foodorder.systemtest;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.function.Supplier;

/**
 * Gives each scenario class the one system of its kind, started on first use and closed by JUnit
 * when the whole run ends; before each class, makes it whole again. One subclass per kind of system.
 */
abstract class SystemExtension<S extends SystemUnderTest> implements BeforeAllCallback, ParameterResolver {

    private final Class<S> type;
    private final Supplier<S> start;
    private final ExtensionContext.Namespace namespace;

    SystemExtension(Class<S> type, Supplier<S> start) {
        this.type = type;
        this.start = start;
        this.namespace = ExtensionContext.Namespace.create(type);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        system(context).makeWhole();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return system(context);
    }

    private S system(ExtensionContext context) {
        return context.getRoot().getStore(namespace).computeIfAbsent(type, key -> start.get(), type);
    }
}
