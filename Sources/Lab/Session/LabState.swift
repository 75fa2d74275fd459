import RNNEngine
import Rendering

/// Everything a learner has built and fed in the lab, as one value.
///
/// The state is a value so the lab can try a command without keeping its effects (a
/// lesson asks what a command *would* show) and so a failed command leaves it untouched.
public struct LabState: Sendable {
    /// The models, in the order they were made.
    public var models: [LabModel] = []
    /// The name of the model commands act on.
    public var currentModelName: String?
    /// The sequence the models read.
    public var input: LabInput?
    /// How many timesteps the views show: 0 before the first `step`, `input.length` after `run`.
    public var cursor: Int = 0
    /// `eval` (no dropout, the default) or `train` (dropout masks drawn at every pass).
    public var mode: LabMode = .eval
    /// How many forward passes ran in train mode with dropout; part of each mask's seed.
    var trainPassCount: UInt64 = 0

    /// Creates an empty lab.
    public init() {}

    /// The model commands act on, if any.
    public var currentModel: LabModel? {
        get { currentModelName.flatMap { name in models.first { $0.name == name } } }
        set {
            guard let newValue else { return }
            if let index = models.firstIndex(where: { $0.name == newValue.name }) {
                models[index] = newValue
            } else {
                models.append(newValue)
            }
            currentModelName = newValue.name
        }
    }

    /// The model called `name`.
    public func model(named name: String) -> LabModel? {
        models.first { $0.name == name }
    }
}

/// How a model was made: the settings `model` took, kept so `set` can change one and the
/// lab can say what a model is.
public struct ModelSettings: Sendable, Equatable {
    /// `rnn`, `lstm` or `gru`.
    public var kind: CellKind
    /// Width of an input step; nil until the first `feed` decides it.
    public var inputSize: Int?
    /// Whether the learner chose ``inputSize`` (`model --input 3`) rather than a `feed`:
    /// then `--numbers 1 2 3`, one number per step for lack of `;`, is refused with the
    /// `;` form while this is the current model, rather than remaking it to read 1.
    public var inputSizeWasGiven: Bool
    /// Width of the hidden state.
    public var hiddenSize: Int
    /// Stacked layers.
    public var layers: Int
    /// Whether a second direction reads the sequence backwards.
    public var bidirectional: Bool
    /// The RNN's nonlinearity (tanh or relu); gated cells ignore it.
    public var activation: Activation
    /// The seed of the initial weights.
    public var seed: UInt64
    /// W_hh scaled to this spectral radius after initialization, if set.
    public var radius: Double?
    /// The LSTM forget-gate bias, if set.
    public var forgetBias: Double?
    /// `pytorch` (uniform ±1/√H) or `identity` (W_hh = I, zero biases: the IRNN).
    public var initialization: Initialization
    /// Whether the cells normalize their projections (and the LSTM cell state) per gate block.
    public var layerNorm: Bool
    /// Whether the cells have biases; false for PyTorch's `bias=False` (`model --no-bias`).
    public var biases: Bool

    /// What it set about the starting weights beyond PyTorch's defaults, in words:
    /// `identity init`, `radius 0.5`, `forget bias 1`.
    public var startingWeightsWords: [String] {
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : NumberFormat.shortest(value)
        }
        return (initialization == .identity ? ["identity init"] : [])
            + (radius.map { ["radius \(number($0))"] } ?? [])
            + (forgetBias.map { kind == .lstm ? ["forget bias \(number($0))"] : [] } ?? [])
    }

    /// How the recurrent weights start.
    public enum Initialization: String, Sendable, CaseIterable {
        case pytorch, identity
    }

    /// Creates settings; unspecified ones take the lab's defaults.
    public init(
        kind: CellKind, inputSize: Int? = nil, hiddenSize: Int = 4, layers: Int = 1,
        bidirectional: Bool = false, activation: Activation = .tanh, seed: UInt64 = 1,
        radius: Double? = nil, forgetBias: Double? = nil, initialization: Initialization = .pytorch, layerNorm: Bool = false,
        biases: Bool = true
    ) {
        self.kind = kind
        self.inputSize = inputSize
        self.inputSizeWasGiven = inputSize != nil
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.bidirectional = bidirectional
        self.activation = activation
        self.seed = seed
        self.radius = radius
        self.forgetBias = forgetBias
        self.initialization = initialization
        self.layerNorm = layerNorm
        self.biases = biases
    }
}

/// A network in the lab, with what it has learned and how it was made.
public struct LabModel: Sendable {
    /// The name the learner gave it (or the lab chose: `lstm`, `lstm2`, ...).
    public var name: String
    /// The settings it was made with; nil for a model loaded from a checkpoint.
    public var settings: ModelSettings?
    /// The recurrent network itself; nil until the input size is known.
    public var network: RecurrentNetwork?
    /// The dropout rates applied in train mode (`mode train`); none by default.
    public var dropout = DropoutRates()
    /// The linear output head training adds (logits or predicted values).
    public var head: OutputHead?
    /// The characters a character model reads and writes, once it has been trained on text.
    public var vocabulary: Vocabulary?
    /// The name of the task the head was trained for (`charlm`, `adding`, ...).
    public var trainedTask: String?
    /// The loss after each training step so far, across `train` runs.
    public var lossHistory: [Double] = []
    /// How it was trained: the task, the settings and the optimizer's state to continue from.
    public var training: TrainingRecord?
    /// The file it was loaded from, if any, as it was typed.
    public var sourceFile: String?
    /// The file it was loaded from, if any, resolved (``FileAccess/resolve(_:roots:command:forWriting:labFiles:)``).
    var sourcePath: String?
    /// The narrowest element type that holds every value of its tensors in the file it was
    /// loaded from exactly: the one they share, else the widest (``CheckpointModule/exactDType``).
    public var sourceDType: TensorDType?
    /// The element types of its tensors in the file it was loaded from, widest first; more
    /// than one for a file of mixed types.
    public var sourceDTypes: [TensorDType] = []
    /// Whether it was loaded from an `nn.RNNCell`, `nn.LSTMCell` or `nn.GRUCell`'s state dict
    /// (`weight_ih`, ...), whose names `save` writes again.
    public var sourceIsCell = false
    /// The key prefix of its module in the file it was loaded from (`rnn.` for a whole
    /// model's `rnn` module); empty for a module's own state dict or a model made here.
    public var sourcePrefix = ""
    /// The embedding table left out beside its module in the file it was loaded from
    /// (``CheckpointModule/embedding``: `encoder.embed.weight, 10 × 3`), which `feed` names
    /// when text reaches the module as one-hot vectors instead. A tied embedding goes by the
    /// head's name (`decoder.weight`) until training gives the model another head; then it goes
    /// by its own (``tiedEmbeddingName``), or `embedding` when the file did not record one.
    public var sourceEmbedding: String?
    /// The embedding read from the file it was loaded from (an `nn.Embedding(V, E)` in front
    /// of its module), through which `feed --tokens` turns token indices into its input.
    public var embedding: Embedding?
    /// The name in the file of the `nn.Linear` loaded as its ``head`` when that head is a
    /// whole model's own, scoring each token of ``embedding`` (`decoder`); nil otherwise.
    public var tokenHeadName: String?
    /// Why the file it was loaded from gave it no token head although it gave it an
    /// ``embedding`` (``CheckpointModule/tokenHeadProblem``), which `show next` repeats.
    public var tokenHeadProblem: String?
    /// Whether the file's token head had a bias (`NAME.bias`): one made with `bias=False`
    /// has none, and `save` writes none for it.
    public var tokenHeadHasBias = false
    /// Whether ``embedding`` is the token head's weight, one tensor shared by both, as a
    /// model with tied weights has it (``CheckpointModule/embeddingIsTiedHead``): `save` writes
    /// it once, under the head's name, as `safetensors.torch.save_model` did.
    public var embeddingIsTiedHead = false
    /// The embedding's own name in a tied model's file (``CheckpointModule/tiedEmbeddingName``:
    /// `encoder.weight`, which `save_model` records beside the head's `decoder.weight` it kept),
    /// which `save` records again; nil when the file did not say.
    public var tiedEmbeddingName: String?
    /// The largest relative error of the last `gradcheck`, and the weights it checked.
    public var gradientCheck: (error: Double, network: RecurrentNetwork)?
    /// The scores of the last `evaluate`, and the weights they belong to.
    public var evaluation: (loss: Double, accuracy: Double?, perplexity: Double?, network: RecurrentNetwork)?
    /// The task on which `evaluate` has warned in full that this bidirectional model reads
    /// each next step it is asked for (``TaskChoice/futureReadingWarning(for:brief:)``); a
    /// later `evaluate` on it says so in one sentence.
    var futureReadingWarned: TaskChoice?
    /// Why this model did not run on the input, as the last `feed` (or `mode`) said it: the
    /// next one that finds it not running for the same reason says nothing again.
    var notRunNote: String?
    /// The `compare --keep` that made it, as a variant of a setting (`forget-bias=0`); nil
    /// for a model made, loaded or raced. Only such a model may be replaced by another `--keep`.
    var keptVariant: String?
    /// The forward pass over the current input (with gradients once `grad` ran); nil
    /// before the first `feed`, or when the model cannot read the input.
    public var pass: ForwardPass?
    /// What the last `grad` on the current input computed; nil until then.
    public var gradient: GradientRecord?
    /// The network `pass` was computed with; when `network` has changed since (training,
    /// a loaded checkpoint), views run the forward pass again instead of showing old values.
    var passNetwork: RecurrentNetwork?

    /// Creates a model.
    public init(name: String, settings: ModelSettings?, network: RecurrentNetwork?) {
        self.name = name
        self.settings = settings
        self.network = network
    }
}

/// The sequence the lab's models read, with its labels and where it came from.
public struct LabInput: Sendable {
    /// The steps, their labels (`'h'`, `0.31*`) and the task's target, if any.
    public var example: TaskExample
    /// What the learner typed to make it: `"hello"`, `adding 50`, `--numbers 0.5 -1 2`.
    public var source: String
    /// The characters, when the input is text.
    public var vocabulary: Vocabulary?
    /// Per step, whether it is real (true) or padding (false); nil means all real.
    public var mask: [Bool]?
    /// The initial hidden state h0, one row per layer and direction (`layer·D + direction`);
    /// nil means zeros.
    public var initialHidden: [[Double]]?
    /// The initial LSTM cell state c0, laid out like ``initialHidden``; nil means zeros.
    public var initialCell: [[Double]]?
    /// The token indices, when the input is `feed --tokens`: each step's x is that token's
    /// row of a model's embedding.
    public var tokens: TokenInput?
    /// Whether the input came with no task (numbers, a file, random values), so that its
    /// target is the input itself, y_t = x_t.
    public var targetIsInput = false

    /// What `feed` made, as a "do it" task compares it: the steps, their labels and target,
    /// the mask and the initial state, however the command was spelled (`--seed 1` or
    /// none, a mask of all steps or none) and whatever it was made from.
    var facet: String {
        var hasher = Hasher()
        hasher.combine(example.inputs)
        hasher.combine(example.labels)
        hasher.combine(example.target)
        hasher.combine(mask?.contains(false) == true ? mask : nil)
        hasher.combine(initialHidden)
        hasher.combine(initialCell)
        return "input/steps=\(length)/\(hasher.finalize())"
    }

    /// Creates an input.
    public init(example: TaskExample, source: String, vocabulary: Vocabulary? = nil, mask: [Bool]? = nil) {
        self.example = example
        // Labels are shown row by row from here on: write them once.
        self.example.labelling = .given(example.labels)
        self.source = source
        self.vocabulary = vocabulary
        self.mask = mask
    }

    /// The number of timesteps.
    public var length: Int { example.length }

    /// Whether it is `--numbers` written without `;`, which reads one number per step:
    /// `--numbers 1 2 3` is three steps of one, though a learner may mean one step of three.
    var isNumbersWithoutSteps: Bool {
        source.hasPrefix("--numbers ") && !source.contains(";") && example.inputs.first?.count == 1
    }
}

/// Token indices fed through a loaded model's embedding (`feed --tokens 5 2 9`).
public struct TokenInput: Sendable, Equatable {
    /// The index each step read.
    public var indices: [Int]
    /// V, the number of tokens the embedding has a row for (and a head scores).
    public var vocabularySize: Int
    /// The model whose embedding made the steps.
    public var model: String
    /// The embedding as its file names it, with its shape (`encoder.embed.weight, 10 × 3`).
    public var embedding: String
}
