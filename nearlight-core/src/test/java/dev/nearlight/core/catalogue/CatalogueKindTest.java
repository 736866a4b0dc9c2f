package dev.nearlight.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogueKindTest {
    @ParameterizedTest
    @CsvSource({
        "technologies, TECHNOLOGIES",
        "technology, TECHNOLOGIES",
        "Endpoint, ENDPOINTS",
        "channel-elements, CHANNEL_ELEMENTS",
        "channelElement, CHANNEL_ELEMENTS",
        "laser, LASERS",
        "fec, FEC",
        "serdes, SERDES"
    })
    void pluralsSingularsAndDashedNamesResolve(String text, CatalogueKind expected) {
        assertThat(CatalogueKind.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource({"technologys", "switch", "x"})
    void unknownNamesDoNotResolve(String text) {
        assertThat(CatalogueKind.parse(text)).isEmpty();
    }
}
