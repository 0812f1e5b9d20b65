package main

import (
	"bufio"
	"encoding/json"
	"io"
	"regexp"
)

// The adaptive scenario runs Terraform with -json, so that what the user would have been shown
// can be counted rather than grepped out of prose: every diagnostic is one "diagnostic" message,
// every refreshed resource one "refresh_complete", and the plan's totals one "change_summary".

// uiOutput is what one `terraform apply|plan -json` printed, reduced to what the report needs.
type uiOutput struct {
	Errors    []diagnostic `json:"errors,omitempty"`
	Warnings  []diagnostic `json:"warnings,omitempty"`
	Refreshed int          `json:"refreshed"`
	Changes   *changeCount `json:"changes,omitempty"`
}

type diagnostic struct {
	Summary string `json:"summary"`
	Detail  string `json:"detail,omitempty"`
	Address string `json:"address,omitempty"`
}

type changeCount struct {
	Add    int `json:"add"`
	Change int `json:"change"`
	Remove int `json:"remove"`
}

// rateLimitText matches what a refused request looks like in a diagnostic: the HTTP status, the
// API's errorCode, or words for it.
var rateLimitText = regexp.MustCompile(`(?i)\b(429|4095)\b|rate.limit|too many requests`)

// rateLimitDiagnostics counts the diagnostics, of any severity, that tell the user about a
// refused request; the Terraform CLI's own notes (dev_overrides) never match.
func (u uiOutput) rateLimitDiagnostics() int {
	n := 0
	for _, list := range [][]diagnostic{u.Errors, u.Warnings} {
		for _, d := range list {
			if rateLimitText.MatchString(d.Summary) || rateLimitText.MatchString(d.Detail) {
				n++
			}
		}
	}
	return n
}

// parseUI reads Terraform's machine-readable UI stream. Lines that are not JSON (a crash, a
// panic trace) are skipped: the exit code says that the command failed.
func parseUI(r io.Reader) (uiOutput, error) {
	var out uiOutput
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		var msg struct {
			Type       string `json:"type"`
			Diagnostic *struct {
				Severity string `json:"severity"`
				diagnostic
			} `json:"diagnostic"`
			Changes *changeCount `json:"changes"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) != nil {
			continue
		}
		switch msg.Type {
		case "diagnostic":
			if msg.Diagnostic == nil {
				continue
			}
			if msg.Diagnostic.Severity == "error" {
				out.Errors = append(out.Errors, msg.Diagnostic.diagnostic)
			} else {
				out.Warnings = append(out.Warnings, msg.Diagnostic.diagnostic)
			}
		case "refresh_complete":
			out.Refreshed++
		case "change_summary":
			out.Changes = msg.Changes
		}
	}
	return out, sc.Err()
}
