package dev.nearlight.sim.chakra;

import dev.nearlight.sim.chakra.proto.EtDef;
import java.util.List;

/**
 * One rank's Chakra execution trace: the file it came from (for error messages), its rank, the global metadata and
 * the nodes in file order.
 */
public record ChakraTrace(String file, int rank, EtDef.GlobalMetadata metadata, List<EtDef.Node> nodes) {
    public ChakraTrace {
        nodes = List.copyOf(nodes);
    }
}
