// libtorch's random generator is process-wide: module construction, noise and dropout draw from it. Tests that check
// a seed gives the same model would see the draws of a test running beside them (a clean-clone run failed
// TrainJobTests that way), so this assembly's tests run one at a time. Trainings in the product take turns on the
// generator (TrainJob), and scoring draws nothing.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
