import LLALActive

/// `README.md` and `requirements.txt` of an export.
enum ExportReadme {
  /// The pinned packages (the versions the parity tests run with).
  static let requirements = """
    torch==2.13.0
    numpy==2.1.3
    safetensors==0.4.5

    """

  /// The README: install, run (one process, N GPUs, a Slurm array), bring back.
  static func text(experiment e: Experiment, jobs: Int) -> String {
    let names = e.strategies.map(\.name).joined(separator: ", ")
    return """
      # \(e.model.name): an llal experiment for PyTorch

      Exported by `llal export`: \(e.strategies.count) strategies (\(names)) × \
      \(e.seeds.count) seeds = \(jobs) independent jobs, \(e.budget.cycles) cycles each.
      `experiment.py` holds the protocol (`PROTOCOL`) and runs it; `model.py` holds the
      model and the loss module with llal's parameter names; `data/` holds the pool and
      test set exactly as llal prepared them (loaded, split, normalised).

      ## 1. Install

          python -m venv .venv && . .venv/bin/activate
          pip install -r requirements.txt --extra-index-url https://download.pytorch.org/whl/cpu

      (Leave out the extra index on a GPU machine to get the CUDA build.)

      ## 2. Run

          python experiment.py                                   # every job, one process
          python experiment.py --strategy entropy --seed 0       # one job
          torchrun --nproc-per-node=4 experiment.py --device cuda --strategy entropy --seed 0

      Under `torchrun` each of N processes trains on its share of every batch (DDP; the
      batch must split into an even per-rank batch, because the ranking loss pairs samples
      within each rank's batch), scores its share of the pool, and rank 0 queries and
      writes. `jobs.txt` has one command per job, for a loop, GNU parallel
      (`parallel < jobs.txt`) or a Slurm array:

          #!/bin/bash
          #SBATCH --array=1-\(jobs)
          #SBATCH --gres=gpu:1
          cmd=$(sed -n "${SLURM_ARRAY_TASK_ID}p" jobs.txt)
          eval "$cmd --device cuda"

      Each job writes `results/STRATEGY-seedS.json` and `.csv` in llal's results schema.

      ## 3. Bring the results back

          r = results("results")      # in llal: the value experiment(...) returns
          r
          plot(r)

      ## What is reproduced

      The protocol is llal's: model, initialisation rule, optimizer, schedule, batch,
      augmentation, loss module, ranking loss and its pairing, `detach_after`, budget,
      candidate subsets, strategies and the measures of every cycle. Random draws (initial
      labels, weights, shuffling, augmentation, random picks) come from PyTorch's and
      NumPy's generators, not llal's, so single runs differ from llal's as two seeds do;
      float summation order (and cuDNN on a GPU) differs too. Compare means over seeds.

      """
  }
}
