package dev.eventgateway.provider;

import dev.eventgateway.provider.meta.MetaCloudAdapter;
import dev.eventgateway.provider.whats91.Whats91Adapter;
import dev.eventgateway.provider.whatsable.WhatsAbleAdapter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvidersTest {

    private final Providers providers = Providers.standard();

    @Test
    void knowsTheFourProviders() {
        assertThat(providers.names()).containsExactlyInAnyOrder("whats91", "meta", "whatsable", "connexease");
        assertThat(providers.get("whats91")).isInstanceOf(Whats91Adapter.class);
        assertThat(providers.get("meta")).isInstanceOf(MetaCloudAdapter.class);
        assertThat(providers.get("whatsable")).isInstanceOf(WhatsAbleAdapter.class);
        assertThat(providers.get("connexease")).isInstanceOf(MetaCloudAdapter.class);
    }

    @Test
    void unknownProviderIsNotFound() {
        assertThat(providers.find("twilio")).isEmpty();
        assertThatThrownBy(() -> providers.get("twilio")).isInstanceOf(IllegalArgumentException.class);
    }
}
