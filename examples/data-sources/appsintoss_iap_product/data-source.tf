# A product registered in the console, looked up by its product id, to hand its sku to the app.
variable "premium_product_id" {
  type = string
}

data "appsintoss_iap_product" "premium" {
  product_id = var.premium_product_id
}

output "premium_sku" {
  value = data.appsintoss_iap_product.premium.sku
}

output "premium_sale_price_krw" {
  value = data.appsintoss_iap_product.premium.gross_price
}
