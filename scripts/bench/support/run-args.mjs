// Command-line options shared by the benches that time whole dbt runs.
export function shopRunArgs(args, defaults) {
  const value = (name, fallback) => {
    const index = args.indexOf(name);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  return {
    budgetS: value('--budget-s', defaults.budgetS),
    minRounds: value('--min-rounds', defaults.minRounds),
    maxRounds: value('--max-rounds', defaults.maxRounds),
  };
}
