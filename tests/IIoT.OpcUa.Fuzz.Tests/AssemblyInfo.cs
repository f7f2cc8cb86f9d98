// The smoke runs are CPU-bound and time-boxed; running them one after another gives each its full budget on a
// 2-core machine and keeps the whole project near 30 s.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
