package dev.omnigraph.server;

import dev.omnigraph.api.ChangeOutput;
import dev.omnigraph.api.ChangeRequest;
import dev.omnigraph.api.ErrorCode;
import dev.omnigraph.api.ErrorOutput;
import dev.omnigraph.api.GraphBatchLoadOutput;
import dev.omnigraph.api.IngestOutput;
import dev.omnigraph.api.IngestRequest;
import dev.omnigraph.api.LoadTypeOutput;
import dev.omnigraph.api.PreconditionFailureOutput;
import dev.omnigraph.api.ResourceLimitOutput;
import dev.omnigraph.api.SchemaApplyOutput;
import dev.omnigraph.api.SchemaApplyRequest;
import dev.omnigraph.api.WireJson;
import dev.omnigraph.engine.Omnigraph;
import dev.omnigraph.engine.WriteConflictException;
import dev.omnigraph.engine.log.BranchName;
import dev.omnigraph.engine.log.CommitRef;
import dev.omnigraph.engine.txn.Committed;
import dev.omnigraph.engine.write.LoadMode;
import dev.omnigraph.engine.write.LoadOptions;
import dev.omnigraph.engine.write.LoadResult;
import dev.omnigraph.engine.write.MutationResult;
import dev.omnigraph.engine.write.WriteOptions;
import dev.omnigraph.lang.query.QueryCompiler;
import dev.omnigraph.lang.schema.SchemaPlan;
import dev.omnigraph.lang.source.SourceText;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;

/**
 * The write routes: mutations (plain, conditional on the branch head, and the deprecated {@code
 * /change}), loads (the JSON envelope and the streamed strict graph batch) and schema apply. Each
 * parses and checks its request, asks the policy, takes an admission slot, then writes once; its
 * answer describes the whole effect.
 */
final class WriteRoutes {
  /** The header naming the commit a conditional write requires the branch head to be. */
  static final String IF_GRAPH_COMMIT = "Omnigraph-If-Graph-Commit";

  /** The body limit of {@code /load} and {@code /ingest} and of {@code /load/ndjson}. */
  static final long LOAD_BODY_LIMIT = 32L * 1024 * 1024;

  /** The resource a {@code /load/ndjson} body over its limit is refused for. */
  static final String BATCH_BYTES_RESOURCE = "graph_batch_request_bytes";

  private WriteRoutes() {}

  // ---- mutations ----

  static Reply mutate(Call call) {
    refuseConditionHeader(call, "/mutate");
    return Reply.ok(change(call, Optional.empty()));
  }

  static Reply mutateIfGraphCommit(Call call) {
    return Reply.ok(change(call, Optional.of(conditionHeader(call))));
  }

  /** The deprecated {@code POST /change}: {@code /mutate} with successor headers. */
  static Reply legacyChange(Call call) {
    refuseConditionHeader(call, "/change");
    return new Reply.Json(200, change(call, Optional.empty()), deprecated("mutate"));
  }

  static Map<String, String> deprecated(String successor) {
    return Map.of("Deprecation", "true", "Link", "<" + successor + ">; rel=\"successor-version\"");
  }

  // The conditional form lives on its own path, so an older server answers 404 rather than
  // ignoring the header and writing unconditionally; the plain routes refuse it for the same
  // reason.
  private static void refuseConditionHeader(Call call, String route) {
    if (!call.headerValues(IF_GRAPH_COMMIT).isEmpty()) {
      throw HttpFailure.badRequest(
          "header `"
              + IF_GRAPH_COMMIT
              + "` is not accepted on POST "
              + route
              + "; send conditional mutations to POST /mutate/if-graph-commit");
    }
  }

  /** The one raw commit id of the condition header; anything else is 400. */
  static String conditionHeader(Call call) {
    List<String> values = call.headerValues(IF_GRAPH_COMMIT);
    if (values.isEmpty()) {
      throw HttpFailure.badRequest(
          "header `" + IF_GRAPH_COMMIT + "` is required: the commit id the branch head must be");
    }
    if (values.size() > 1) {
      throw HttpFailure.badRequest(
          "header `" + IF_GRAPH_COMMIT + "` is given " + values.size() + " times; give it once");
    }
    String value = values.getFirst().strip();
    String problem =
        value.isEmpty()
            ? "is empty"
            : value.equals("*")
                ? "is `*`"
                : value.startsWith("W/")
                    ? "is a weak entity tag"
                    : value.startsWith("\"")
                        ? "is quoted"
                        : value.contains(",") ? "is a list" : null;
    if (problem != null) {
      throw HttpFailure.badRequest(
          "header `"
              + IF_GRAPH_COMMIT
              + "` "
              + problem
              + "; send one raw graph commit id (from `graph_commit_id` of a read or GET"
              + " /commits)");
    }
    return value;
  }

  private static ChangeOutput change(Call call, Optional<String> ifCommit) {
    ChangeRequest body = call.jsonBody(ChangeRequest.class);
    if (body.query() == null) {
      throw HttpFailure.badRequest("invalid request body: missing field `query`");
    }
    String branch = body.branch() == null ? BranchName.MAIN : Call.branchName(body.branch());
    call.authorize(PolicyRequest.onBranch(PolicyAction.CHANGE, branch));
    long estimate =
        (long) body.query().length()
            + (body.params() == null ? 0 : WireJson.compact(body.params()).length());
    MutationResult result;
    try (Admission.Permit _ = call.admit(estimate)) {
      WriteOptions options = new WriteOptions(actorOf(call), ifCommit);
      try {
        result =
            call.graph().engine().mutate(branch, body.query(), body.name(), body.params(), options);
      } catch (WriteConflictException e) {
        if (ifCommit.isEmpty()) {
          throw e;
        }
        throw preconditionFailed(e, ifCommit.get());
      }
    }
    return new ChangeOutput(
        branch,
        queryName(body.query(), body.name()),
        result.affectedNodes(),
        result.affectedEdges(),
        call.actor().orElse(null),
        result.commit().map(WireViews::commit).orElse(null));
  }

  // Under a condition every conflict means the head moved off the named commit: the precondition
  // lost, and nothing was written. The detail names the head the write met.
  private static HttpFailure preconditionFailed(WriteConflictException e, String expected) {
    List<CommitRef> winners = e.winners();
    String actual = winners.isEmpty() ? null : winners.getLast().commitId();
    return new HttpFailure(
        412,
        new ErrorOutput(e.getMessage(), null, new PreconditionFailureOutput(expected, actual)),
        Map.of());
  }

  // The engine ran the named query, or the only one the source declares.
  private static String queryName(String source, String name) {
    return name != null
        ? name
        : QueryCompiler.parse(SourceText.of("<query>", source)).queries().getFirst().name();
  }

  private static String actorOf(Call call) {
    return call.actor().orElse(WriteOptions.DEFAULT_ACTOR);
  }

  // ---- loads ----

  static Reply load(Call call) {
    return Reply.ok(envelopeLoad(call));
  }

  /** The deprecated {@code POST /ingest}: {@code /load} with successor headers. */
  static Reply legacyIngest(Call call) {
    return new Reply.Json(200, envelopeLoad(call), deprecated("load"));
  }

  private static IngestOutput envelopeLoad(Call call) {
    IngestRequest body = call.jsonBody(IngestRequest.class, LOAD_BODY_LIMIT);
    if (body.data() == null) {
      throw HttpFailure.badRequest("invalid request body: missing field `data`");
    }
    LoadMode mode = mode(body.mode(), "mode");
    String branch = body.branch() == null ? BranchName.MAIN : Call.branchName(body.branch());
    Optional<String> from = Optional.ofNullable(body.from()).map(Call::branchName);
    byte[] lines = graphBatch(body.data());
    LoadResult r =
        load(call, branch, from, mode, new ByteArrayInputStream(lines), body.data().length());
    return new IngestOutput(
        call.graph().uri(),
        r.branch(),
        from.orElse(null),
        r.branchCreated(),
        mode.wireName(),
        types(r.nodesLoaded()),
        types(r.edgesLoaded()),
        r.totalEntities(),
        call.actor().orElse(null),
        r.commit().map(WireViews::commit).orElse(null));
  }

  /**
   * {@code POST /load/ndjson?branch=&from=&mode=}: the body is the strict graph batch, streamed to
   * the engine as it arrives. Everything that needs no body (content type, declared length,
   * parameters, policy, admission) is settled before it is read.
   */
  static Reply loadNdjson(Call call) {
    String contentType = call.contentType();
    if (!isNdjson(contentType)) {
      throw new HttpFailure(
          415,
          ErrorCode.BAD_REQUEST,
          "expected request with `Content-Type: application/x-ndjson`"
              + (contentType == null ? "" : ", got `" + contentType + "`"));
    }
    long declared = call.declaredLength();
    if (declared > LOAD_BODY_LIMIT) {
      throw batchTooLarge(LOAD_BODY_LIMIT, declared);
    }
    String branch = call.queryParam("branch").map(Call::branchName).orElse(BranchName.MAIN);
    Optional<String> from = call.queryParam("from").map(Call::branchName);
    LoadMode mode = mode(call.queryParam("mode").orElse(null), "query parameter `mode`");
    LoadResult r;
    try {
      r =
          load(
              call,
              branch,
              from,
              mode,
              call.streamedBody(LOAD_BODY_LIMIT),
              declared >= 0 ? declared : LOAD_BODY_LIMIT);
    } catch (UncheckedIOException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof Call.BodyLimitExceeded over) {
          throw batchTooLarge(over.limit(), over.actual());
        }
      }
      throw HttpFailure.badRequest(
          "could not read the request body: "
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
    }
    return Reply.ok(
        new GraphBatchLoadOutput(
            r.branch(),
            from.orElse(null),
            r.branchCreated(),
            mode.wireName(),
            types(r.nodesLoaded()),
            types(r.edgesLoaded()),
            r.totalEntities(),
            call.actor().orElse(null),
            r.commit().map(WireViews::commit).orElse(null)));
  }

  static boolean isNdjson(String contentType) {
    return contentType != null
        && contentType
            .split(";", 2)[0]
            .strip()
            .toLowerCase(Locale.ROOT)
            .equals("application/x-ndjson");
  }

  private static HttpFailure batchTooLarge(long limit, long actual) {
    return new HttpFailure(
        413,
        new ErrorOutput(
            "resource limit exceeded for "
                + BATCH_BYTES_RESOURCE
                + ": actual "
                + actual
                + ", limit "
                + limit
                + "; split the batch into smaller loads",
            ErrorCode.BAD_REQUEST,
            null,
            new ResourceLimitOutput(BATCH_BYTES_RESOURCE, limit, actual)),
        Map.of());
  }

  private static LoadMode mode(String name, String what) {
    if (name == null) {
      return LoadMode.MERGE;
    }
    try {
      return LoadMode.named(name);
    } catch (IllegalArgumentException e) {
      throw HttpFailure.badRequest(what + ": " + e.getMessage());
    }
  }

  // Policy before existence, so an actor without the grants learns nothing about the branch: a
  // missing branch with `from` needs branch_create (from -> branch), and every load needs change
  // on its branch. Only then is a missing branch without `from` a 404.
  private static LoadResult load(
      Call call,
      String branch,
      Optional<String> from,
      LoadMode mode,
      InputStream input,
      long estimate) {
    Omnigraph graph = call.graph().engine();
    boolean exists = graph.branches().contains(branch);
    if (!exists && from.isPresent()) {
      call.authorize(new PolicyRequest(PolicyAction.BRANCH_CREATE, from, Optional.of(branch)));
    }
    call.authorize(PolicyRequest.onBranch(PolicyAction.CHANGE, branch));
    if (!exists && from.isEmpty()) {
      throw HttpFailure.notFound(
          "branch '" + branch + "' not found; pass `from` to create it from another branch");
    }
    LoadOptions options = LoadOptions.of(mode).write(WriteOptions.defaults().actor(actorOf(call)));
    if (from.isPresent()) {
      options = options.from(from.get());
    }
    try (Admission.Permit _ = call.admit(estimate)) {
      return graph.load(branch, input, options);
    }
  }

  private static List<LoadTypeOutput> types(SortedMap<String, Long> counts) {
    List<LoadTypeOutput> out = new ArrayList<>();
    counts.forEach((name, n) -> out.add(new LoadTypeOutput(name, n)));
    return out;
  }

  /**
   * The envelope's {@code data}, read permissively (a stream of JSON values, pretty-printed ones
   * included; top-level keys other than {@code type edge from to data} ignored), as the strict
   * graph batch the engine loads: one record per line, so the engine's "line N" is record N.
   */
  static byte[] graphBatch(String data) {
    StringBuilder out = new StringBuilder(data.length());
    try (MappingIterator<JsonNode> values =
        WireJson.mapper().readerFor(JsonNode.class).readValues(data)) {
      int record = 0;
      while (values.hasNextValue()) {
        record++;
        JsonNode value = values.nextValue();
        if (!(value instanceof ObjectNode object)) {
          throw HttpFailure.badRequest(
              "invalid `data`: record " + record + " is not a JSON object");
        }
        ObjectNode kept = WireJson.mapper().createObjectNode();
        for (String key : List.of("type", "edge", "from", "to", "data")) {
          if (object.has(key)) {
            kept.set(key, object.get(key));
          }
        }
        out.append(WireJson.compact(kept)).append('\n');
      }
    } catch (JacksonException e) {
      throw HttpFailure.badRequest("invalid `data`: " + e.getOriginalMessage());
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  // ---- schema apply ----

  /**
   * {@code POST /schema/apply}: main's schema changed in one commit. Allowed because this server
   * boots from {@code --graph}, not from a cluster (where upstream always refuses it).
   */
  static Reply applySchema(Call call) {
    SchemaApplyRequest body = call.jsonBody(SchemaApplyRequest.class);
    if (body.schemaSource() == null) {
      throw HttpFailure.badRequest("invalid request body: missing field `schema_source`");
    }
    boolean allowDataLoss = Boolean.TRUE.equals(body.allowDataLoss());
    call.authorize(
        new PolicyRequest(
            PolicyAction.SCHEMA_APPLY, Optional.empty(), Optional.of(BranchName.MAIN)));
    Omnigraph graph = call.graph().engine();
    List<String> others =
        graph.branches().stream().filter(b -> !b.equals(BranchName.MAIN)).toList();
    if (!others.isEmpty()) {
      throw new HttpFailure(
          409,
          ErrorCode.CONFLICT,
          "schema apply requires a graph with only main; found non-main branches: "
              + String.join(", ", others)
              + "; merge or delete them first");
    }
    Committed<SchemaPlan> done;
    long version;
    try (Admission.Permit _ = call.admit(body.schemaSource().length())) {
      done = graph.applySchema(body.schemaSource(), allowDataLoss);
      version =
          done.record().isPresent()
              ? done.record().get().seq()
              : graph.snapshot(BranchName.MAIN).seq();
    }
    SchemaPlan plan = done.result();
    List<Object> steps = new ArrayList<>();
    Object tree = plan.toJsonTree().get("steps");
    if (tree instanceof List<?> list) {
      steps.addAll(list);
    }
    return Reply.ok(
        new SchemaApplyOutput(
            call.graph().uri(),
            plan.supported(),
            done.record().isPresent(),
            plan.steps().size(),
            version,
            steps));
  }
}
