import LLALNN

/// `model.py`: the shared layer helpers, one class per model and the loss module as
/// configured.
struct ModelFile {
  /// The experiment's model.
  let model: ModelPython
  /// The loss module's layout, when a strategy trains one.
  let lossModule: LossModuleLayout?
  /// Where the loss module was declared (`digits.llal:38`).
  let lossModuleOrigin: String

  /// The file's text.
  func text() throws -> String {
    var parts = [Self.preamble, try model.source()]
    if let lossModule { parts.append(Self.lossNet(lossModule, origin: lossModuleOrigin)) }
    return parts.joined(separator: "\n\n")
  }

  /// The loss prediction module of `layout` (LLALNN/LossModule/LossPredictionModule.swift):
  /// per tap pooling → linear → activation, concatenated, optional dropout and hidden
  /// layer, linear to one value. Names `fcs.i.*`, `hidden.*`, `out.*` as llal's.
  static func lossNet(_ layout: LossModuleLayout, origin: String) -> String {
    let o = layout.options
    let widths = layout.taps.map(\.width)
    let inputs = layout.taps.map(\.inputs)
    let pools = layout.taps.map { t in t.pooling.map { PythonText.string($0.rawValue) } ?? "None" }
    let names = layout.taps.map { PythonText.string($0.name) }
    let hidden = o.hidden > 0 ? "nn.Linear(\(layout.fusedWidth), \(o.hidden))" : "None"
    return """
      class LossNet(nn.Module):
          \"\"\"The loss prediction module (\(origin)): \(layout.headline).\"\"\"

          taps = \(PythonText.list(names))

          def __init__(self):
              super().__init__()
              self.pooling = \(PythonText.list(pools))
              self.fcs = nn.ModuleList(
                  nn.Linear(c, w) for c, w in zip(\(PythonText.list(inputs.map(String.init))), \
      \(PythonText.list(widths.map(String.init)))))
              self.hidden = \(hidden)
              self.out = nn.Linear(\(layout.outputInputs), 1)
              self.dropout = \(PythonText.number(o.dropout))
              self.mc_dropout = False
              llal_init(self)

          def activation(self, h):
              return \(activation(o.activation))

          def forward(self, features):
              hs = []
              for f, pool, fc in zip(features, self.pooling, self.fcs):
                  if pool == "gap":
                      f = f.mean(dim=(2, 3))
                  elif pool == "max":
                      f = f.amax(dim=(2, 3))
                  hs.append(self.activation(fc(f)))
              h = torch.cat(hs, dim=1)
              if self.dropout > 0:
                  h = F.dropout(h, p=self.dropout, training=self.training or self.mc_dropout)
              if self.hidden is not None:
                  h = self.activation(self.hidden(h))
              return self.out(h).reshape(-1)

      """
  }

  private static func activation(_ a: LossModuleActivation) -> String {
    switch a {
    case .relu: return "F.relu(h)"
    case .identity: return "h"
    case .sigmoid: return "torch.sigmoid(h)"
    case .tanh: return "torch.tanh(h)"
    }
  }

  static let preamble = #"""
    """The models of an llal experiment, written by `llal export`.

    Parameter and buffer names are llal's checkpoint names (`c1.weight`,
    `c1.running_mean`, `lossnet.fcs.0.weight`), so `load_llal` reads an llal safetensors
    checkpoint and `save_llal` writes one llal loads. Layer defaults follow llal
    (Sources/LLALNN/Layers): weights Kaiming-uniform U(+-1/sqrt(fan_in)) as PyTorch,
    biases zero (llal's choice), batch norm with PyTorch's momentum and eps and no
    `num_batches_tracked` counter.
    """
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from safetensors.torch import load_file, save_file


    def llal_init(module):
        """Zero every conv and linear bias, as llal starts them (Initializer.swift)."""
        for m in module.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
                nn.init.zeros_(m.bias)


    class LlalBatchNorm(nn.modules.batchnorm._BatchNorm):
        """Batch norm over [N, C] or [N, C, H, W] (BatchNorm.swift): PyTorch's rule,
        without the `num_batches_tracked` buffer llal does not keep."""

        def __init__(self, channels, image, eps, momentum):
            super().__init__(channels, eps=eps, momentum=momentum)
            self.image = image
            self.register_buffer("num_batches_tracked", None)

        def _check_input_dim(self, x):
            if x.dim() != (4 if self.image else 2):
                raise ValueError(f"expected a {4 if self.image else 2}-D input, got {x.dim()}-D")

        def _load_from_state_dict(self, state_dict, prefix, *args):
            nn.Module._load_from_state_dict(self, state_dict, prefix, *args)


    def set_mc_dropout(module, on):
        """Keep dropout active in eval mode (BALD's passes), or stop."""
        for m in module.modules():
            if hasattr(m, "mc_dropout"):
                m.mc_dropout = on


    def load_llal(path, model, lossnet=None):
        """Load an llal checkpoint into `model` (and `lossnet`); every name must match."""
        tensors = load_file(path)
        own = {k: v for k, v in tensors.items() if not k.startswith("lossnet.")}
        model.load_state_dict(own, strict=True)
        if lossnet is not None:
            net = {k[len("lossnet."):]: v for k, v in tensors.items() if k.startswith("lossnet.")}
            lossnet.load_state_dict(net, strict=True)


    def save_llal(path, model, lossnet=None):
        """Write `model` (and `lossnet`) as an llal checkpoint (F32, llal's names)."""
        tensors = {k: v.detach().float().cpu().contiguous() for k, v in model.state_dict().items()}
        if lossnet is not None:
            for k, v in lossnet.state_dict().items():
                tensors["lossnet." + k] = v.detach().float().cpu().contiguous()
        save_file(tensors, path, metadata={"format": "llal", "model": type(model).__name__})
    """#
}
