namespace SweepCluster.Shared.Specs;

/// <summary>The encoder to fine-tune: a pretrained Hugging Face folder or a fresh configuration.</summary>
/// <param name="Pretrained">Folder with <c>config.json</c>, <c>model.safetensors</c>, <c>vocab.txt</c>; null trains from scratch.</param>
/// <param name="Layers">Encoder layers (default 2), ignored when pretrained.</param>
/// <param name="Hidden">Hidden size (default 128).</param>
/// <param name="Heads">Attention heads (default 2).</param>
/// <param name="Intermediate">Feed-forward size (default 512).</param>
/// <param name="MaxLength">Maximum tokens per example (default 64).</param>
/// <param name="Uncased">Lower-case and strip accents before WordPiece (default true).</param>
public sealed record ModelSpec(
    string? Pretrained,
    int Layers,
    int Hidden,
    int Heads,
    int Intermediate,
    int MaxLength,
    bool Uncased);
