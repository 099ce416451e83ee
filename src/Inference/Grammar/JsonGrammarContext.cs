using System.Text.Json.Serialization;

namespace Cluster.Inference.Grammar;

/// <summary>Source-generated JSON for the few values grammars embed as literals.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class JsonGrammarContext : JsonSerializerContext;
