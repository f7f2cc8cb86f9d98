namespace IIoT.Simulators.Model;

/// <summary>
/// One simulated machine. Advances in whole ticks; inside a tick it steps from event to event (part done,
/// failure, starvation, end of repair/setup/idle) so results do not depend on the tick length more than necessary.
/// All randomness comes from one seeded <see cref="Random"/>, drawn in a fixed order: same seed, same history.
/// </summary>
internal sealed class Machine
{
    private const double Epsilon = 1e-9;

    // Planned stop edges are compared at this tolerance: model times reach 1e7 s and beyond, where 1e-9 is below a double's resolution.
    private const double PlannedEpsilon = 1e-6;

    private readonly Random _random;
    private double _stateLeftS;
    private double _cycleLeftS;
    private double _runningUntilFailureS;
    private double _runningUntilStarvationS;
    private long _partsSinceSetup;
    private double _slowdown;
    private double _temperatureC;
    private double _spindleSpeedRpm;
    private double _powerKw;
    private long _sequence;
    private MachineState _beforePlannedStop;

    public Machine(int index, string name, MachineProfile profile, int seed)
    {
        Index = index;
        Name = name;
        Profile = profile;
        _random = new Random(seed);

        // Start mid-life so that a line's machines do not all fail or change over in step.
        _slowdown = _random.Uniform(profile.MinSlowdown, profile.MeanSlowdown);
        _cycleLeftS = _random.Uniform(0, IdealCycleS * _slowdown);
        _runningUntilFailureS = _random.Exponential(profile.MeanTimeBetweenFailures.TotalSeconds);
        _runningUntilStarvationS = _random.Exponential(profile.MeanTimeBetweenStarvation.TotalSeconds);
        _partsSinceSetup = _random.NextInt64(profile.PartsPerSetup);
        _temperatureC = profile.RunningTemperatureC - _random.Uniform(0, 5);
        State = MachineState.Running;
        UpdateGauges();
    }

    public int Index { get; }
    public string Name { get; }
    public MachineProfile Profile { get; }
    public MachineState State { get; private set; }
    public long PartsTotal { get; private set; }
    public long PartsGood { get; private set; }
    public long PartsReject { get; private set; }

    private double IdealCycleS => Profile.IdealCycleTime.TotalSeconds;

    /// <summary>The current reading; each call is one message, so the sequence counts from 1.</summary>
    public MachineSample TakeSample() => new(
        Index,
        ++_sequence,
        State,
        PartsTotal,
        PartsGood,
        PartsReject,
        Math.Round(IdealCycleS, 3),
        Math.Round(IdealCycleS * _slowdown, 3),
        Math.Round(_temperatureC, 2),
        Math.Round(_spindleSpeedRpm, 1),
        Math.Round(_powerKw, 3));

    /// <param name="planned">The line's planned stops, if any: during one the machine's clocks (cycle, failure, repair,
    /// setup, starvation) stand still and it shows <see cref="MachineState.PlannedStop"/>; afterwards it carries on.</param>
    /// <param name="startS">Model time at the start of this interval (seconds since the line started).</param>
    public void Advance(TimeSpan interval, PlannedStopSchedule? planned = null, double startS = 0)
    {
        var dt = interval.TotalSeconds;
        var left = dt;
        while (left > Epsilon)
        {
            var budget = left;
            if (planned is not null)
            {
                var now = startS + (dt - left);
                if (planned.IsStopped(now + PlannedEpsilon, out var end))
                {
                    EnterPlannedStop();
                    left -= Math.Min(left, Math.Max(end - now, PlannedEpsilon));
                    continue;
                }

                LeavePlannedStop();
                budget = Math.Min(left, planned.NextStart(now + PlannedEpsilon) - now);
            }

            left -= State == MachineState.Running ? RunFor(budget) : WaitFor(budget);
        }

        if (planned is not null)
        {
            AlignState(planned, startS + dt + PlannedEpsilon);
        }
        DriftSlowdown(dt);
        UpdateTemperature(dt);
        UpdateGauges();
    }

    /// <summary>Runs until the next event or the end of the budget; returns the time used.</summary>
    private double RunFor(double budget)
    {
        var step = Math.Min(Math.Min(budget, _cycleLeftS), Math.Min(_runningUntilFailureS, _runningUntilStarvationS));
        step = Math.Max(step, 0);
        _cycleLeftS -= step;
        _runningUntilFailureS -= step;
        _runningUntilStarvationS -= step;

        if (_runningUntilFailureS <= Epsilon)
        {
            // The part in progress waits on the fixture and is finished after the repair.
            Enter(MachineState.Fault, _random.Exponential(Profile.MeanTimeToRepair.TotalSeconds));
            _runningUntilFailureS = _random.Exponential(Profile.MeanTimeBetweenFailures.TotalSeconds);
        }
        else if (_runningUntilStarvationS <= Epsilon)
        {
            Enter(MachineState.Idle, _random.Uniform(Profile.MinStarvationTime.TotalSeconds, Profile.MaxStarvationTime.TotalSeconds));
            _runningUntilStarvationS = _random.Exponential(Profile.MeanTimeBetweenStarvation.TotalSeconds);
        }
        else if (_cycleLeftS <= Epsilon)
        {
            CompletePart();
        }
        return step;
    }

    private double WaitFor(double budget)
    {
        var step = Math.Min(budget, _stateLeftS);
        _stateLeftS -= step;
        if (_stateLeftS <= Epsilon)
        {
            State = MachineState.Running;
        }
        return step;
    }

    private void CompletePart()
    {
        PartsTotal++;
        if (_random.NextDouble() < Profile.RejectProbability)
        {
            PartsReject++;
        }
        else
        {
            PartsGood++;
        }
        _cycleLeftS = IdealCycleS * _slowdown;
        if (++_partsSinceSetup >= Profile.PartsPerSetup)
        {
            _partsSinceSetup = 0;
            Enter(MachineState.Setup, _random.Uniform(Profile.MinSetupTime.TotalSeconds, Profile.MaxSetupTime.TotalSeconds));
        }
    }

    /// <summary>Shows planned_stop exactly while a planned stop covers <paramref name="t"/> (so a sample at a stop's edge is right).</summary>
    public void AlignWithPlannedStops(PlannedStopSchedule planned, double t)
    {
        AlignState(planned, t);
        UpdateGauges();
    }

    private void AlignState(PlannedStopSchedule planned, double t)
    {
        if (planned.IsStopped(t, out _))
        {
            EnterPlannedStop();
        }
        else
        {
            LeavePlannedStop();
        }
    }

    private void EnterPlannedStop()
    {
        if (State == MachineState.PlannedStop) return;
        _beforePlannedStop = State;
        State = MachineState.PlannedStop;
    }

    private void LeavePlannedStop()
    {
        if (State == MachineState.PlannedStop) State = _beforePlannedStop;
    }

    private void Enter(MachineState state, double durationS)
    {
        State = state;
        _stateLeftS = durationS;
    }

    /// <summary>Mean-reverting walk (Ornstein-Uhlenbeck step): tool wear and material vary over tens of minutes.</summary>
    private void DriftSlowdown(double dt)
    {
        const double reversionPerS = 1.0 / 900;
        const double volatility = 0.004;
        var next = _slowdown + reversionPerS * (Profile.MeanSlowdown - _slowdown) * dt + volatility * Math.Sqrt(dt) * _random.Gaussian();
        _slowdown = Math.Clamp(next, Profile.MinSlowdown, Profile.MaxSlowdown);
    }

    private void UpdateTemperature(double dt)
    {
        var target = State switch
        {
            MachineState.Running => Profile.RunningTemperatureC + 8 * (_slowdown - 1),
            MachineState.Idle or MachineState.PlannedStop => Profile.IdleTemperatureC,
            MachineState.Setup => Profile.SetupTemperatureC,
            _ => Profile.FaultTemperatureC,
        };
        target = Math.Max(target, Profile.AmbientTemperatureC);
        var alpha = 1 - Math.Exp(-dt / Profile.ThermalTimeConstant.TotalSeconds);
        _temperatureC += alpha * (target - _temperatureC) + 0.05 * _random.Gaussian();
    }

    private void UpdateGauges()
    {
        var noise = _random.Gaussian();
        if (State == MachineState.Running)
        {
            _spindleSpeedRpm = Profile.SpindleSpeedRpm * (1 + 0.001 * noise);
            // A slower cycle means a harder cut or a tired tool: a little more power.
            _powerKw = Profile.RunningPowerKw * (1 + 0.5 * (_slowdown - 1) + 0.02 * noise);
            return;
        }
        _spindleSpeedRpm = 0;
        var basePower = State switch
        {
            MachineState.Idle or MachineState.PlannedStop => Profile.IdlePowerKw,
            MachineState.Setup => Profile.SetupPowerKw,
            _ => Profile.FaultPowerKw,
        };
        _powerKw = Math.Max(0, basePower * (1 + 0.02 * noise));
    }
}
