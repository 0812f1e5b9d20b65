package emulator_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/api"
	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/emulator"
)

// Every seed file in the repository is valid against api/seed.schema.json and loads into a fresh
// emulator.
func TestEverySeedInTheRepositoryValidates(t *testing.T) {
	root := filepath.Join("..", "..")
	var seeds []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "bin" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") && strings.Contains(d.Name(), "seed") && d.Name() != "seed.schema.json" {
			seeds = append(seeds, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seeds) < 2 {
		t.Fatalf("found %d seed files (%v): the walk is broken", len(seeds), seeds)
	}
	for _, path := range seeds {
		t.Run(path, func(t *testing.T) {
			seed, err := emulator.LoadSeed(path)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := emulator.WriteCerts(dir, ""); err != nil {
				t.Fatal(err)
			}
			if _, err := emulator.New(emulator.Config{Seed: seed}, dir); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func writeSeed(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A bad seed is refused with the JSON path of the offending value.
func TestSeedErrorsNameTheField(t *testing.T) {
	for _, tc := range []struct {
		seed string
		want []string
	}{
		{`{"users":[{"name":"a"},{"gender":"M"}]}`, []string{"/users/1/gender", "MALE"}},
		{`{"users":[{"userKey":"443731103"}]}`, []string{"/users/0/userKey", "integer"}},
		{`{"users":[{"fullName":"홍길동"}]}`, []string{"/users/0", "fullName"}},
		{`{"userz":[]}`, []string{"(top level)", "userz"}},
		{`{"payments":[{"userKey":1,"orderNo":"a b","productDesc":"x","amount":1}]}`, []string{"/payments/0/orderNo"}},
		{`{"payments":[{"userKey":1,"orderNo":"a","productDesc":"x","amount":1,"status":"DONE"}]}`, []string{"/payments/0/status"}},
		{`{"iapOrders":[{"userKey":1}]}`, []string{"/iapOrders/0", "sku"}},
		{`{"iapOrders":[{"userKey":1,"sku":"s","productType":"SUBSCRIPTIONS"}]}`, []string{"/iapOrders/0/productType"}},
		{`{"users":[`, []string{"not valid JSON"}},
	} {
		_, err := emulator.LoadSeed(writeSeed(t, tc.seed))
		if err == nil {
			t.Errorf("%s: accepted", tc.seed)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: the error does not say %q: %v", tc.seed, want, err)
			}
		}
	}
}

// What the schema cannot know (another entry, another app) is checked when the seed is applied,
// and named the same way.
func TestSeedProblemsFoundWhenApplyingNameTheField(t *testing.T) {
	dir := t.TempDir()
	if err := emulator.WriteCerts(dir, ""); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		seed, want string
	}{
		{`{"users":[{"userKey":7}],"payments":[{"userKey":8,"orderNo":"o","productDesc":"x","amount":10}]}`, "/payments/0/userKey: "},
		{`{"users":[{"userKey":7},{"userKey":7}]}`, "/users/1: "},
		{`{"users":[{"userKey":7}],"payments":[{"userKey":7,"orderNo":"o","productDesc":"  ","amount":10}]}`, "/payments/0/productDesc: "},
	} {
		seed, err := emulator.LoadSeed(writeSeed(t, tc.seed))
		if err != nil {
			t.Fatalf("%s: the schema refused it: %v", tc.seed, err)
		}
		_, err = emulator.New(emulator.Config{Seed: seed}, dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: want an error at %q, got %v", tc.seed, tc.want, err)
		}
	}
}

// The schema describes exactly the fields the emulator reads: a field added to one side only is
// caught here.
func TestSeedSchemaMatchesTheSeedTypes(t *testing.T) {
	var schema struct {
		Properties map[string]any `json:"properties"`
		Defs       map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(api.SeedSchema, &schema); err != nil {
		t.Fatal(err)
	}
	check := func(name string, inSchema map[string]any, v any) {
		var fields []string
		for f := range reflect.TypeOf(v).Fields() {
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			fields = append(fields, tag)
		}
		var props []string
		for p := range inSchema {
			if p != "$schema" {
				props = append(props, p)
			}
		}
		slices.Sort(fields)
		slices.Sort(props)
		if !slices.Equal(fields, props) {
			t.Errorf("%s: the Go type has %v, api/seed.schema.json %v", name, fields, props)
		}
	}
	check("top level", schema.Properties, emulator.Seed{})
	check("user", schema.Defs["user"].Properties, emulator.UserSpec{})
	check("payment", schema.Defs["payment"].Properties, emulator.PaymentSpec{})
	check("iapOrder", schema.Defs["iapOrder"].Properties, emulator.IAPOrderSpec{})
}
