/// Neural-network layer of llal: layers, model graphs with named nodes and taps, the
/// loss prediction module, losses, optimizers, schedules, training and checkpoints.
public enum LLALNN {}
