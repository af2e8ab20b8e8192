create table orders (item varchar(100) not null);
