package emulator_test

import (
	"crypto/tls"
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

func TestHandshakeWithoutClientCertificateFails(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	cfg := inst.TLSConfig(t, "", "")
	conn, err := tls.Dial("tcp", inst.URL[len("https://"):], cfg)
	if err == nil {
		// TLS 1.3 reports the server's refusal on the first read.
		_, err = conn.Write([]byte("GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n"))
		if err == nil {
			_, err = conn.Read(make([]byte, 1))
		}
		conn.Close()
	}
	if err == nil {
		t.Fatal("a client without a certificate completed a request")
	}
}

func TestCertificateFromAnotherCAIsRefused(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	foreign := t.TempDir()
	if err := emulator.WriteCerts(foreign, "demo-app"); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: inst.TLSConfig(t,
		filepath.Join(foreign, emulator.ClientCertFile), filepath.Join(foreign, emulator.ClientKeyFile))}}
	resp, err := client.Get(inst.URL + "/_emulator/health")
	if err == nil {
		resp.Body.Close()
		t.Fatalf("a certificate from another CA was accepted: %d", resp.StatusCode)
	}
}

func TestRotationCertificateIsTheSameApp(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	status, body := inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("ROTATE"), idem("r"))
	success(t, status, body, nil)
	status, body = inst.DoAs(t, inst.Client2CertFile, inst.Client2KeyFile, http.MethodGet,
		catalog+"/push-templates/demo-app-ROTATE", nil, nil)
	success(t, status, body, nil)
}

func TestOtherAppCannotSeeTheFirstAppsCatalog(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	st, b := inst.Do(t, http.MethodPost, catalog+"/push-templates", templateBody("PRIVATE"), idem("t"))
	success(t, st, b, nil)
	st, b = inst.Do(t, http.MethodPost, catalog+"/iap-products", consumableBody(), idem("p"))
	var product productView
	success(t, st, b, &product)
	st, b = inst.Do(t, http.MethodPost, catalog+"/promotions", promotionBody(100, 10, 10), idem("m"))
	var promo promotionView
	success(t, st, b, &promo)

	other := func(method, path string) (int, []byte) {
		return inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, method, path, nil, nil)
	}
	for _, path := range []string{catalog + "/push-templates/demo-app-PRIVATE", catalog + "/iap-products/" + product.ProductID,
		catalog + "/promotions/" + promo.PromotionCode} {
		st, b := other(http.MethodGet, path)
		failure(t, st, b, http.StatusNotFound, "NOT_FOUND")
	}
	for _, path := range []string{catalog + "/push-templates", catalog + "/iap-products", catalog + "/promotions"} {
		var page struct{ Contents []any }
		st, b := other(http.MethodGet, path)
		success(t, st, b, &page)
		if len(page.Contents) != 0 {
			t.Errorf("%s: the other app sees %d entities", path, len(page.Contents))
		}
	}
	// Nor spend its promotion.
	userKey, _ := inst.SeedUser(t, nil)
	st, b = inst.DoAs(t, inst.OtherAppCertFile, inst.OtherAppKeyFile, http.MethodPost,
		partner+"/promotion/execute-promotion", map[string]any{"promotionCode": promo.PromotionCode, "key": "k", "amount": 1},
		userHeader(userKey))
	if st == http.StatusOK && decodeEnvelope(t, b).ResultType == "SUCCESS" {
		t.Errorf("the other app granted from the first app's promotion: %s", b)
	}
}

func TestHandshakesAreCounted(t *testing.T) {
	inst := start(t, emulator.DefaultConfig())
	before := inst.Stats(t).Handshakes
	client := inst.RawClient(t, inst.ClientCertFile, inst.ClientKeyFile)
	for range 5 {
		resp, err := client.Get(inst.URL + catalog + "/push-templates")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body) // drained, so the connection is reused
		resp.Body.Close()
	}
	after := inst.Stats(t)
	// One new connection for the raw client (keep-alive reuses it); the admin client's connection
	// already existed.
	if got := after.Handshakes - before; got != 1 {
		t.Errorf("%d handshakes for 5 keep-alive requests, want 1", got)
	}
	if after.ByRoute["GET "+catalog+"/push-templates"] != 5 || after.Requests < 5 {
		t.Errorf("stats: %+v", after)
	}
}
