# The products users can buy now, by sku.
data "appsintoss_iap_products" "on_sale" {
  catalog_status = "ACTIVE"
}

output "skus_on_sale" {
  value = { for p in data.appsintoss_iap_products.on_sale.products : p.name => p.sku }
}
