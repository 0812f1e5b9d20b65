package emulator

import "fmt"

// servedConsoleTools is what a console gateway of cfg serves: api/console-tools.json, or the
// test's Config.ConsoleTools (custom is then true). A custom document may leave tools out or
// change their schemas, but may not name a tool the emulator cannot run.
func servedConsoleTools(cfg Config) (defs []*consoleToolDef, custom bool, err error) {
	if len(cfg.ConsoleTools) == 0 {
		defs, err = consoleToolDefs()
		return defs, false, err
	}
	if defs, err = parseConsoleTools("Config.ConsoleTools", cfg.ConsoleTools); err != nil {
		return nil, true, err
	}
	for _, def := range defs {
		if _, ok := consoleToolFuncs[def.Name]; !ok {
			return nil, true, fmt.Errorf("Config.ConsoleTools lists %s, which the emulator does not implement", def.Name)
		}
	}
	return defs, true, nil
}
