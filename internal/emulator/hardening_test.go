package emulator_test

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestOversizeBodyIs413WithAnEnvelope(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	big := `{"code":"BIG","name":"x","title":"x","body":"` + strings.Repeat("a", 1<<20) + `"}`
	resp, err := inst.RawDo(t, http.MethodPost, catalog+"/push-templates", big, idem("big"))
	if err != nil {
		t.Fatal(err)
	}
	failure(t, resp.Status, resp.Body, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE")
}

func TestMalformedJSONAndWrongTypes(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	cases := []struct {
		path, body, field string
	}{
		{catalog + "/push-templates", `{"code":`, "body"},
		{catalog + "/push-templates", `[1,2]`, "body"},
		{catalog + "/iap-products", `{"type":"CONSUMABLE","name":"x","price":"1000"}`, "price"},
		{catalog + "/promotions", `{"name":"x","totalBudget":1.5}`, "totalBudget"},
		{partner + "/pay/make-payment", `{"orderNo":1}`, "orderNo"},
		{partner + "/user/oauth2/generate-token", ``, "body"},
	}
	for i, tc := range cases {
		// make-payment checks its body before the (here unknown) user.
		resp, err := inst.RawDo(t, http.MethodPost, tc.path, tc.body, map[string]string{
			"Idempotency-Key": fmt.Sprint("malformed-", i), "x-toss-user-key": "1"})
		if err != nil {
			t.Fatal(err)
		}
		invalidField(t, resp.Status, resp.Body, tc.field)
	}
}

func TestUnknownRouteIsAnEnvelope404(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	resp, err := inst.RawDo(t, http.MethodGet, partner+"/no/such/thing", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	failure(t, resp.Status, resp.Body, http.StatusNotFound, "NOT_FOUND")
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// TestSlowClientsDoNotStopTheServer holds connections open in the middle of their headers and in
// the middle of a body, as a slow or malicious client would, and checks that every other client is
// still served meanwhile (the header and read timeouts then close the stalled connections).
func TestSlowClientsDoNotStopTheServer(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	addr := strings.TrimPrefix(inst.URL, "https://")
	stall := func(partial string) {
		conn, err := tls.Dial("tcp", addr, inst.TLSConfig(t, inst.ClientCertFile, inst.ClientKeyFile))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		if _, err := conn.Write([]byte(partial)); err != nil {
			t.Fatal(err)
		}
	}
	for range 4 {
		stall("GET " + catalog + "/push-templates HTTP/1.1\r\nHost: localhost\r\nX-Slow: ") // headers never end
		stall("POST " + catalog + "/push-templates HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" +
			"Idempotency-Key: slow\r\nContent-Length: 4096\r\n\r\n{\"code\":") // body never ends
	}
	for i := range 5 {
		status, body := inst.Do(t, http.MethodGet, catalog+"/push-templates?page=0&size=20", nil, nil)
		if status != http.StatusOK {
			t.Fatalf("request %d while slow clients hold connections: HTTP %d %s", i, status, body)
		}
	}
}
