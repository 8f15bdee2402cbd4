-- Unquoted identifiers fold to lower case: Orders and orders are the same table.
CREATE SCHEMA Billing;
CREATE TABLE Billing.Orders (ID Integer PRIMARY KEY, CustomerName Text);
CREATE INDEX Orders_Customer_IDX ON Billing.Orders (CustomerName);
