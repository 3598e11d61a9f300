package dev.omnigraph.server;

import dev.omnigraph.api.ExportRequest;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.Snapshot;
import dev.omnigraph.engine.log.BranchName;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /export}: a branch's state streamed as NDJSON in the load format. Policy, branch and
 * type checks, the export slot and the cut (the branch head's commit) are all settled before the
 * 200, so every refusal is a JSON error; the body then streams that commit, however the branch
 * moves meanwhile.
 */
final class ExportRoute {
  static final String NDJSON = "application/x-ndjson; charset=utf-8";

  private ExportRoute() {}

  static Reply export(Call call) {
    ExportRequest body = call.jsonBody(ExportRequest.class);
    String branch = body.branch() == null ? BranchName.MAIN : Call.branchName(body.branch());
    call.authorize(PolicyRequest.onBranch(PolicyAction.EXPORT, branch));
    Omnigraph graph = call.graph().engine();
    Snapshot cut = graph.snapshot(branch);
    Set<String> types = new LinkedHashSet<>();
    if (body.typeNames() != null) {
      for (String type : body.typeNames()) {
        if (type == null) {
          throw HttpFailure.badRequest("invalid request body: `type_names` holds a null");
        }
        if (cut.table(Snapshot.EntityKind.NODE, type).isEmpty()
            && cut.table(Snapshot.EntityKind.EDGE, type).isEmpty()) {
          throw HttpFailure.badRequest(
              "unknown export type '"
                  + type
                  + "'; the schema of branch '"
                  + branch
                  + "' has no node or edge type of that name (GET /schema lists them)");
        }
        types.add(type);
      }
    }
    ExportSlots.Slot slot = call.context().exportSlots().acquire(call.graph().id());
    return new Reply.Stream(
        200,
        NDJSON,
        Map.of(),
        out -> {
          try (slot) {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            graph.exportAtCommit(cut.commitId(), types, writer);
            writer.flush();
          }
        });
  }
}
