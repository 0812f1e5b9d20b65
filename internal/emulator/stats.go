package emulator

import (
	"maps"
	"sync"
)

// Stats is GET /_emulator/stats: what a client made the emulator do. Admin calls are not counted
// in Requests or ByRoute; Handshakes counts every completed TLS handshake, admin connections
// included. Console gateway traffic is counted only in ConsoleToolCalls (and FaultsServed).
type Stats struct {
	Requests     int64            `json:"requests"`
	ByRoute      map[string]int64 `json:"byRoute"`
	Handshakes   int64            `json:"handshakes"`
	FaultsServed int64            `json:"faultsServed"`
	RateLimited  int64            `json:"rateLimited"`
	// ConsoleToolCalls counts the console gateway's tools/call requests per tool name.
	ConsoleToolCalls map[string]int64 `json:"consoleToolCalls"`
	// Webhooks counts deliveries of the callbacks the emulator sends to the partner, by kind
	// (WebhookUnlink, WebhookSubscription). A failed delivery is counted and logged, never fatal.
	Webhooks map[string]WebhookCounts `json:"webhooks"`
}

// WebhookCounts are the deliveries of one kind of callback: answered with a 2xx status, or not
// (a transport error, a timeout, any other status, a redirect, which is never followed).
type WebhookCounts struct {
	Delivered int64 `json:"delivered"`
	Failed    int64 `json:"failed"`
}

type statsCounter struct {
	mu sync.Mutex
	s  Stats
}

func newStatsCounter() *statsCounter {
	return &statsCounter{s: Stats{ByRoute: map[string]int64{}, ConsoleToolCalls: map[string]int64{},
		Webhooks: map[string]WebhookCounts{WebhookUnlink: {}, WebhookSubscription: {}}}}
}

func (c *statsCounter) countWebhook(kind string, delivered bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	counts := c.s.Webhooks[kind]
	if delivered {
		counts.Delivered++
	} else {
		counts.Failed++
	}
	c.s.Webhooks[kind] = counts
}

func (c *statsCounter) countRequest(route string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Requests++
	c.s.ByRoute[route]++
}

func (c *statsCounter) countConsoleToolCall(tool string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.ConsoleToolCalls[tool]++
}

func (c *statsCounter) countHandshake() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.Handshakes++
}

func (c *statsCounter) countFault() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.FaultsServed++
}

func (c *statsCounter) countRateLimited() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.s.RateLimited++
}

func (c *statsCounter) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.s
	s.ByRoute = maps.Clone(c.s.ByRoute)
	s.ConsoleToolCalls = maps.Clone(c.s.ConsoleToolCalls)
	s.Webhooks = maps.Clone(c.s.Webhooks)
	return s
}
