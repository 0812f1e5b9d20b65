package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// emulatorProc is one `appsintoss-emulator serve` started by the harness.
type emulatorProc struct {
	cmd  *exec.Cmd
	addr string // 127.0.0.1:PORT
	done chan struct{}
	log  *os.File
	// consoleEnv is the APPSINTOSS_CONSOLE_* variables that send a provider's catalog through the
	// emulator's console gateway as its test user; nil unless the gateway was asked for.
	consoleEnv []string
}

type emulatorOptions struct {
	ratePerMinute int    // 0 = off
	productCap    int    // --iap-product-cap
	statePath     string // loaded at start (if present), saved at stop
	logPath       string
	// consoleEnvFile, when set, also starts the console gateway on a free loopback port; the
	// emulator writes the provider's variables there (and removes the file at stop).
	consoleEnvFile string
}

// startEmulator runs the emulator on a free loopback port and waits for its "listening on" line.
func startEmulator(bin, certDir string, o emulatorOptions) (*emulatorProc, error) {
	logFile, err := os.Create(o.logPath)
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--certs", certDir, "--addr", "127.0.0.1:0",
		"--rate-limit-per-minute", strconv.Itoa(o.ratePerMinute),
		"--iap-product-cap", strconv.Itoa(o.productCap),
		"--review-delay", "0s"}
	if o.statePath != "" {
		args = append(args, "--state", o.statePath)
	}
	if o.consoleEnvFile != "" {
		args = append(args, "--console-addr", "127.0.0.1:0", "--env-file", o.consoleEnvFile)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = logFile
	// The emulator dies with the harness even if the harness is killed outright.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		logFile.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, err
	}
	e := &emulatorProc{cmd: cmd, done: make(chan struct{}), log: logFile}
	go func() { _ = cmd.Wait(); close(e.done) }()

	// The "listening on" line comes last of the ready lines (the console gateway's comes before
	// it), so the lines before it are only logged.
	const marker = "listening on https://"
	lines := make(chan string, 1)
	go func() {
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString('\n')
			_, _ = logFile.WriteString(line)
			if strings.Contains(line, marker) || err != nil {
				lines <- line
				break
			}
		}
		_, _ = io.Copy(logFile, r) // keep draining so the emulator never blocks on stdout
	}()
	select {
	case line := <-lines:
		i := strings.Index(line, marker)
		if i < 0 {
			e.stop()
			return nil, fmt.Errorf("emulator did not report its address (got %q; see %s)", line, o.logPath)
		}
		e.addr = strings.Fields(line[i+len(marker):])[0]
		if o.consoleEnvFile != "" {
			if e.consoleEnv, err = readConsoleEnv(o.consoleEnvFile); err != nil {
				e.stop()
				return nil, err
			}
		}
		return e, nil
	case <-e.done:
		return nil, fmt.Errorf("emulator exited at start; see %s", o.logPath)
	case <-time.After(30 * time.Second):
		e.stop()
		return nil, errors.New("emulator did not start within 30s")
	}
}

// consoleVariables are what a provider needs from the --env-file to take the console road; the
// mTLS settings come from the benchmark's configuration, as on the contract road.
var consoleVariables = []string{"APPSINTOSS_CONSOLE_URL", "APPSINTOSS_CONSOLE_CA_CERTIFICATE_FILE", "APPSINTOSS_CONSOLE_CREDENTIALS"}

// readConsoleEnv returns the console variables of an emulator's --env-file as NAME=value. The
// emulator writes the file before it prints its ready lines, so it is complete by now.
func readConsoleEnv(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the emulator's --env-file: %w", err)
	}
	found := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if name, value, ok := strings.Cut(line, "="); ok {
			found[name] = value
		}
	}
	env := make([]string, 0, len(consoleVariables))
	for _, name := range consoleVariables {
		if found[name] == "" {
			return nil, fmt.Errorf("the emulator's --env-file %s has no %s: did it start its console gateway?", path, name)
		}
		env = append(env, name+"="+found[name])
	}
	return env, nil
}

// stop asks the emulator to shut down (it saves --state then) and kills it after 15 s.
func (e *emulatorProc) stop() {
	if e == nil {
		return
	}
	_ = e.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-e.done:
	case <-time.After(15 * time.Second):
		_ = e.cmd.Process.Kill()
		<-e.done
	}
	e.log.Close()
}

// emulatorStats is the part of GET /_emulator/stats the harness reads.
type emulatorStats struct {
	Requests     int64            `json:"requests"`
	ByRoute      map[string]int64 `json:"byRoute"`
	Handshakes   int64            `json:"handshakes"`
	FaultsServed int64            `json:"faultsServed"`
	RateLimited  int64            `json:"rateLimited"`
	// ConsoleToolCalls is the console gateway's tools/call requests per tool; they are in
	// neither Requests nor ByRoute.
	ConsoleToolCalls map[string]int64 `json:"consoleToolCalls"`
}

// statsClient reads the admin counters over one kept-alive mTLS connection, and counts its own
// dials so that its handshakes never show up in the provider's figure.
type statsClient struct {
	http  *http.Client
	dials atomic.Int64
}

func newStatsClient(certDir string) (*statsClient, error) {
	pair, err := tls.LoadX509KeyPair(filepath.Join(certDir, "client.pem"), filepath.Join(certDir, "client-key.pem"))
	if err != nil {
		return nil, err
	}
	caPEM, err := os.ReadFile(filepath.Join(certDir, "ca.pem"))
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return nil, errors.New("no CA certificate in ca.pem")
	}
	s := &statsClient{}
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	s.http = &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots, Certificates: []tls.Certificate{pair}},
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				s.dials.Add(1)
				return dialer.DialContext(ctx, network, addr)
			},
			MaxIdleConnsPerHost: 1,
		},
	}
	return s, nil
}

// snapshot is the counters plus how many connections the harness itself had opened by then.
type snapshot struct {
	emulatorStats
	ownDials int64
}

func (s *statsClient) read(ctx context.Context, addr string) (snapshot, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "https://"+addr+"/_emulator/stats", nil)
	if err != nil {
		return snapshot{}, err
	}
	resp, err := s.http.Do(req)
	if err != nil {
		return snapshot{}, fmt.Errorf("reading emulator stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return snapshot{}, fmt.Errorf("reading emulator stats: HTTP %d", resp.StatusCode)
	}
	var out snapshot
	if err := json.NewDecoder(resp.Body).Decode(&out.emulatorStats); err != nil {
		return snapshot{}, fmt.Errorf("decoding emulator stats: %w", err)
	}
	out.ownDials = s.dials.Load()
	return out, nil
}

func (s *statsClient) closeIdle() { s.http.CloseIdleConnections() }

// counterDelta is what the provider made the emulator do between two snapshots: requests on the
// catalog contract and the runtime API, and tool calls on the console gateway.
type counterDelta struct {
	Requests    int64            `json:"requests"`
	Handshakes  int64            `json:"tls_handshakes"`
	RateLimited int64            `json:"rate_limited_responses"`
	ByRoute     map[string]int64 `json:"by_route"`
	ToolCalls   int64            `json:"console_tool_calls,omitempty"`
	ByTool      map[string]int64 `json:"console_tool_calls_by_tool,omitempty"`
}

func delta(before, after snapshot) counterDelta {
	d := counterDelta{
		Requests:    after.Requests - before.Requests,
		Handshakes:  (after.Handshakes - before.Handshakes) - (after.ownDials - before.ownDials),
		RateLimited: after.RateLimited - before.RateLimited,
		ByRoute:     map[string]int64{},
	}
	for route, n := range after.ByRoute {
		if n -= before.ByRoute[route]; n != 0 {
			d.ByRoute[route] = n
		}
	}
	for tool, n := range after.ConsoleToolCalls {
		if n -= before.ConsoleToolCalls[tool]; n != 0 {
			if d.ByTool == nil {
				d.ByTool = map[string]int64{}
			}
			d.ByTool[tool] = n
			d.ToolCalls += n
		}
	}
	return d
}
