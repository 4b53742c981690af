package dev.eventgateway.provider;

import dev.eventgateway.provider.meta.MetaCloudAdapter;
import dev.eventgateway.provider.whats91.Whats91Adapter;
import dev.eventgateway.provider.whatsable.WhatsAbleAdapter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The provider adapters the gateway knows, by name. Immutable, so one instance is shared by every verticle. */
public final class Providers {

    private final Map<String, ProviderAdapter> byName;

    private Providers(List<ProviderAdapter> adapters) {
        this.byName = adapters.stream()
                .collect(Collectors.toUnmodifiableMap(ProviderAdapter::name, Function.identity()));
    }

    /** Every supported provider: {@code whats91}, {@code meta}, {@code whatsable} and {@code connexease}. */
    public static Providers standard() {
        return new Providers(List.of(new Whats91Adapter(), MetaCloudAdapter.meta(), new WhatsAbleAdapter(),
                MetaCloudAdapter.connexease()));
    }

    public Optional<ProviderAdapter> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public ProviderAdapter get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown provider: " + name));
    }

    public Set<String> names() {
        return byName.keySet();
    }
}
